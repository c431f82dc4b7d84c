import { css } from 'lit';
import { menuStyles } from '../../../styles/menu.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  menuStyles,
  css`
    .trigger {
      min-height: 28px;
      padding: 0 var(--volley-space-2);
      background: transparent;
      color: var(--volley-text-muted);
      font-size: 1.1rem;
      line-height: 1;
    }
    .trigger:hover {
      background: var(--volley-surface-raised);
    }
    @media (pointer: coarse), (max-width: 719px) {
      .trigger {
        min-height: 44px;
        min-width: 44px;
      }
    }
    /* A finger: no trigger over the text (a tap or a long press of the message opens the menu). */
    @media (pointer: coarse) {
      .trigger {
        display: none;
      }
    }
    .popup {
      inset-inline-end: 0;
      min-width: 9rem;
    }
    .popup[data-up] {
      top: auto;
      bottom: calc(100% + 4px);
    }
    .popup.emoji {
      flex-direction: row;
      min-width: 0;
    }
    .emoji button {
      min-width: 44px;
      min-height: 44px;
      background: transparent;
      color: var(--volley-text);
      padding: 0 var(--volley-space-2);
      font-size: 1.25rem;
    }
    .popup.picker {
      padding: 0;
      min-width: 0;
    }
    .emoji button[aria-pressed='true'] {
      background: var(--volley-surface);
      border-color: var(--volley-brand);
    }
    .popup button:hover {
      background: var(--volley-surface);
    }
    .confirm p {
      margin: var(--volley-space-1) var(--volley-space-2);
      white-space: nowrap;
    }
    .buttons {
      display: flex;
      gap: var(--volley-space-2);
      padding: var(--volley-space-1);
    }
    .danger-button {
      background: var(--volley-danger);
    }
    .danger {
      color: var(--volley-danger) !important;
    }
  `,
];
