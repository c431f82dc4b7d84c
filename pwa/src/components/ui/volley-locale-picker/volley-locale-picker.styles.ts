import { css } from 'lit';
import { visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  visuallyHidden,
  css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: var(--volley-space-2);
      font-size: 0.875rem;
    }
    label {
      color: var(--volley-text-muted);
    }
    select {
      font: inherit;
      color: inherit;
      background: var(--volley-surface-raised);
      border: 1px solid var(--volley-border);
      border-radius: var(--volley-radius-small);
      padding: 4px 8px;
      min-height: 32px;
    }
    select:focus-visible {
      outline: none;
      box-shadow: var(--volley-focus);
    }
    @media (pointer: coarse), (max-width: 719px) {
      select {
        min-height: 44px;
      }
    }
  `,
];
