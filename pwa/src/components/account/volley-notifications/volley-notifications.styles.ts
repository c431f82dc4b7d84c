import { css } from 'lit';
import { notificationEntryStyles } from '../../../notifications/notification-entries.styles.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  visuallyHidden,
  dialogStyles,
  notificationEntryStyles,
  css`
    ul {
      padding: var(--volley-space-2);
    }
    li button {
      min-height: 48px;
      padding: var(--volley-space-2) var(--volley-space-3);
    }
    li button:hover {
      background: var(--volley-surface);
    }
    .empty {
      margin: var(--volley-space-4);
      color: var(--volley-text-muted);
    }
  `,
];
