import { css } from 'lit';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  visuallyHidden,
  css`
    section {
      border-block-end: 1px solid var(--volley-border);
      padding-block: var(--volley-space-2);
    }
    h2 {
      margin: 0;
      padding: 0 var(--volley-space-3);
      font-size: 0.8rem;
      font-weight: 650;
      color: var(--volley-text-muted);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: var(--volley-space-1) 0 0;
    }
    li button {
      width: 100%;
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 2px;
      min-height: 44px;
      padding: var(--volley-space-1) var(--volley-space-3);
      background: transparent;
      color: var(--volley-text);
      font-weight: 400;
      white-space: normal;
      text-align: start;
    }
    li button:hover {
      background: var(--volley-surface-raised);
    }
    li button[data-unread] {
      font-weight: 650;
      border-inline-start: 3px solid var(--volley-brand);
    }
    time {
      color: var(--volley-text-muted);
      font-size: 0.75rem;
    }
  `,
];
