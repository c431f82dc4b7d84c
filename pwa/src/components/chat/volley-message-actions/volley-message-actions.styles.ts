import { css } from 'lit';
import { menuStyles } from '../../../styles/menu.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  menuStyles,
  css`
    .bar {
      display: flex;
    }
    .bar button {
      min-height: 28px;
      min-width: 28px;
      padding: 0 var(--volley-space-1);
      background: transparent;
      color: var(--volley-text);
      border: none;
    }
    .bar button:hover {
      background: var(--volley-surface);
    }
    /* A narrow window has no room beside the text for the quick ones (volley-message.styles.ts): "⋯" holds them all. */
    @media (max-width: 719px) {
      .bar .emoji-button,
      .bar .reply {
        display: none;
      }
    }
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
    .emoji .emoji-button,
    .emoji .more {
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
    .emoji-button[aria-pressed='true'] {
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
    /* A finger's sheet (volley-message-actions.ts): the screen's width along its bottom edge, items a finger's size. */
    .popup[popover] {
      position: fixed;
      inset: auto 0 0 0;
      margin: 0;
      width: auto;
      max-width: none;
      max-height: 70dvh;
      overflow-y: auto;
      padding: var(--volley-space-2) var(--volley-space-2) calc(var(--volley-space-2) + env(safe-area-inset-bottom));
      border-radius: var(--volley-radius) var(--volley-radius) 0 0;
      color: var(--volley-text);
    }
    .popup[popover] [role='menuitem'] {
      min-height: 48px;
    }
    .popup[popover].emoji {
      justify-content: space-around;
      flex-wrap: wrap;
    }
  `,
];
