import { css } from 'lit';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  visuallyHidden,
  dialogStyles,
  css`
    ul {
      list-style: none;
      margin: 0;
      padding: var(--volley-space-2);
    }
    li button {
      width: 100%;
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 2px;
      min-height: 48px;
      padding: var(--volley-space-2) var(--volley-space-3);
      background: transparent;
      color: var(--volley-text);
      font-weight: 400;
      white-space: normal;
      text-align: start;
    }
    li button:hover {
      background: var(--volley-surface);
    }
    li button[data-unread] {
      font-weight: 650;
      border-inline-start: 3px solid var(--volley-brand);
    }
    time {
      color: var(--volley-text-muted);
      font-size: 0.75rem;
    }
    .empty {
      margin: var(--volley-space-4);
      color: var(--volley-text-muted);
    }
  `,
];
