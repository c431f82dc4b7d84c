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
      /* The header's width, which spans it (the container queries below). */
      container: chat-header / inline-size;
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
    /* The name takes the room it needs (the search field gives way first), then ellipsizes; the
       topic fills what the name leaves, never asking for more. */
    .title {
      flex: 1 1 auto;
      min-width: 0;
    }
    h1 {
      display: flex;
      align-items: center;
      gap: var(--volley-space-2);
      margin: 0;
      font-size: 1.0625rem;
    }
    h1 .lock {
      display: flex;
      flex: none;
      color: var(--volley-text-muted);
    }
    h1 .lock .icon {
      width: 16px;
      height: 16px;
    }
    h1 span,
    .topic {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .topic {
      width: 0;
      min-width: 100%;
      margin: 0;
      color: var(--volley-text-muted);
      font-size: 0.8125rem;
    }
    /* Its field's height, before its element has loaded (page-chat.ts). Its width is what the name
       leaves, 10–14rem: grown beside the name (their bases are the name's width and 0), never shrunk
       (its least is its hypothetical size), so the name gives way only once the field is at its least. */
    volley-message-search {
      flex: 1 1 0;
      min-width: 10rem;
      max-width: 14rem;
      min-height: 32px;
    }
    .members .icon,
    .invite .icon,
    .files .icon,
    .encrypt .icon,
    .profile .icon,
    .back .icon,
    .more .icon {
      width: 20px;
      height: 20px;
    }
    /* Links drawn as buttons measure as the buttons beside them (a button's box is its border's). */
    header .button {
      box-sizing: border-box;
    }
    .back,
    .more {
      display: none;
    }
    .actions,
    .more-actions {
      display: contents;
    }
    /* The conversation's name comes first: below the width where every label fits beside it (French,
       a DM's full set), the header's controls show their icons alone, each named and with its tooltip
       (the menu of more actions, below, shows its labels again). */
    @container chat-header (width < 110rem) {
      header {
        gap: var(--volley-space-2);
      }
      header .label,
      header *::part(label) {
        display: none;
      }
      header > .small.secondary,
      .actions > .small.secondary,
      .more-actions > .small.secondary,
      header *::part(button) {
        padding-inline: var(--volley-space-2);
      }
    }
    /* Narrower still (a tablet, a phone), the less used actions go into a menu under "⋯". */
    @container chat-header (width < 58rem) {
      .actions {
        display: flex;
        position: relative;
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
        top: calc(100% + var(--volley-space-2) + 4px);
        inset-inline-end: 0;
        padding: var(--volley-space-2);
        background: var(--volley-surface-raised);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
      }
      .more-actions button,
      .more-actions .button,
      .more-actions *::part(button) {
        justify-content: flex-start;
      }
      .more-actions *::part(button) {
        width: 100%;
      }
      .more-actions[data-open] .label,
      .more-actions[data-open] *::part(label) {
        display: inline;
      }
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
      header > .small.secondary {
        min-width: 44px;
        padding: 0 var(--volley-space-2);
      }
      volley-message-search {
        flex: 0 0 44px;
        min-width: 44px;
        min-height: 44px;
      }
      volley-message-search:focus-within {
        max-width: none;
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
