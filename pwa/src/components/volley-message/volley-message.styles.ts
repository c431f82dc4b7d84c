import { css } from 'lit';
import { buttonStyles } from '../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  css`
    :host {
      display: block;
    }
    article {
      padding: var(--volley-space-2) var(--volley-space-3);
      border-radius: var(--volley-radius);
    }
    article:hover {
      background: var(--volley-surface);
    }
    header {
      display: flex;
      align-items: baseline;
      gap: var(--volley-space-2);
      flex-wrap: wrap;
    }
    .author {
      font-weight: 650;
    }
    .mine .author {
      color: var(--volley-brand);
    }
    time,
    .state {
      color: var(--volley-text-muted);
      font-size: 0.75rem;
    }
    .body {
      margin: 2px 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      line-height: 1.4;
    }
    [data-status='pending'] .body {
      opacity: 0.65;
    }
    [data-status='rejected'] {
      background: var(--volley-danger-bg);
    }
    .rejected {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: var(--volley-space-2);
      margin-top: var(--volley-space-2);
      color: var(--volley-danger);
      font-size: 0.875rem;
    }
    .actions {
      display: inline-flex;
      gap: var(--volley-space-2);
    }
  `,
];
