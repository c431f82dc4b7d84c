import { css } from 'lit';
import { notificationEntryStyles } from '../../../notifications/notification-entries.styles.js';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  visuallyHidden,
  notificationEntryStyles,
  css`
    section {
      border-block-start: 1px solid var(--volley-border);
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
      padding: var(--volley-space-1) 0 0;
    }
    li button {
      min-height: 44px;
      padding: var(--volley-space-1) var(--volley-space-3);
    }
    li button:hover {
      background: var(--volley-surface-raised);
    }
  `,
];
