import { css } from 'lit';
import { buttonStyles, visuallyHidden } from '../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  visuallyHidden,
  css`
    :host {
      display: block;
      height: 100%;
    }
    .layout {
      height: 100%;
      display: grid;
      grid-template-columns: var(--volley-sidebar-width) minmax(0, 1fr);
      grid-template-rows: auto minmax(0, 1fr);
      grid-template-areas:
        'header header'
        'nav main';
    }
    header {
      grid-area: header;
      display: flex;
      align-items: center;
      gap: var(--volley-space-3);
      padding: var(--volley-space-2) var(--volley-space-3);
      padding-top: calc(var(--volley-space-2) + env(safe-area-inset-top));
      border-bottom: 1px solid var(--volley-border);
      background: var(--volley-bg);
      min-width: 0;
    }
    .title {
      flex: 1;
      min-width: 0;
    }
    h1 {
      display: flex;
      align-items: center;
      gap: var(--volley-space-2);
      margin: 0;
      font-size: 1.0625rem;
    }
    h1 span,
    .topic {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .topic {
      margin: 0;
      color: var(--volley-text-muted);
      font-size: 0.8125rem;
    }
    /* Its field's height, before its element has loaded (page-chat.ts). */
    volley-message-search {
      flex: 0 1 14rem;
      min-height: 32px;
    }
    .members .icon,
    .invite .icon,
    .files .icon,
    .profile .icon,
    .back .icon {
      width: 20px;
      height: 20px;
    }
    .back,
    .more {
      display: none;
    }
    .more-actions {
      display: contents;
    }
    nav {
      grid-area: nav;
      display: flex;
      flex-direction: column;
      min-height: 0;
      background: var(--volley-surface);
      border-right: 1px solid var(--volley-border);
    }
    volley-conversation-list {
      flex: 1;
      overflow-y: auto;
    }
    /* Under the list, never pushing it: at most a third of the column, scrolled within. */
    volley-recent-notifications {
      max-height: 33%;
      overflow-y: auto;
      flex: none;
    }
    nav footer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--volley-space-2);
      padding: var(--volley-space-2) var(--volley-space-3) calc(var(--volley-space-2) + env(safe-area-inset-bottom));
      border-top: 1px solid var(--volley-border);
    }
    .me {
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    main {
      grid-area: main;
      min-height: 0;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    volley-conversation {
      flex: 1;
    }
    .placeholder {
      margin: auto;
      padding: var(--volley-space-6);
      color: var(--volley-text-muted);
      text-align: center;
    }

    /* A phone: one column, the list (on /) and a conversation (with a way back) as separate
       views; the header in one row of 44 px targets, the search a magnifier that widens on focus. */
    @media (max-width: 719px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas:
          'header'
          'main';
      }
      header {
        position: relative;
        gap: var(--volley-space-1);
        padding-inline: var(--volley-space-2);
      }
      .back {
        display: inline-flex;
      }
      .more .icon {
        width: 20px;
        height: 20px;
      }
      header > .small.secondary {
        min-width: 44px;
        padding: 0 var(--volley-space-2);
      }
      .members .label,
      .profile .label {
        display: none;
      }
      .more {
        display: inline-flex;
      }
      .more-actions {
        display: none;
      }
      .more-actions[data-open] {
        display: flex;
        flex-direction: column;
        align-items: stretch;
        gap: var(--volley-space-1);
        position: absolute;
        z-index: 4;
        top: calc(100% + 4px);
        inset-inline-end: var(--volley-space-2);
        padding: var(--volley-space-2);
        background: var(--volley-surface-raised);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
      }
      .more-actions button {
        justify-content: flex-start;
      }
      volley-message-search {
        flex: 0 0 44px;
        min-height: 44px;
      }
      volley-message-search:focus-within {
        position: absolute;
        inset: var(--volley-space-2);
        inset-block-start: calc(var(--volley-space-2) + env(safe-area-inset-top));
        z-index: 3;
      }
      nav {
        grid-area: main;
        z-index: 1;
        border-right: none;
        visibility: hidden;
      }
      [data-list-shown] nav {
        visibility: visible;
      }
    }
  `,
];
