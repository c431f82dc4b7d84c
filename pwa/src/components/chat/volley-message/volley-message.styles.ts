import { css } from 'lit';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  css`
    :host {
      display: block;
    }
    /* Avatar column of a fixed width (no shift when pictures load), the message beside it. */
    article {
      position: relative;
      display: grid;
      grid-template-columns: 40px minmax(0, 1fr);
      column-gap: var(--volley-space-3);
      padding: 2px var(--volley-space-3);
      margin-top: var(--volley-space-2);
      border-radius: var(--volley-radius-small);
    }
    article[data-continued] {
      margin-top: 0;
    }
    article:hover,
    article:focus-within {
      background: var(--volley-surface);
    }
    .gutter {
      padding-top: 2px;
    }
    .who {
      all: unset;
      cursor: pointer;
      border-radius: 50%;
      display: inline-flex;
    }
    header .who {
      border-radius: 2px;
    }
    .who:hover .author {
      text-decoration: underline;
    }
    .who:focus-visible {
      box-shadow: var(--volley-focus);
    }
    .avatar {
      --size: 40px;
    }
    /* One line whatever the locale's format ("05:30 AM"): wider than the column, it overflows to the start. */
    .clock {
      display: flex;
      justify-content: flex-end;
      white-space: nowrap;
      visibility: hidden;
      font-size: 0.6875rem;
      line-height: 1.375rem;
    }
    article[data-continued] .gutter {
      padding-top: 0;
    }
    article:hover .clock,
    article:focus-within .clock {
      visibility: visible;
    }
    header {
      display: flex;
      align-items: baseline;
      gap: var(--volley-space-2);
      flex-wrap: wrap;
      line-height: 1.375rem;
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
    /* A message being streamed: its mark breathes while the text grows. */
    .streaming {
      animation: streaming 1.2s ease-in-out infinite;
    }
    @keyframes streaming {
      50% {
        opacity: 0.35;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .streaming {
        animation: none;
      }
    }
    [data-status='pending'] .body {
      opacity: 0.65;
    }
    [data-status='rejected'] {
      background: var(--volley-danger-bg);
    }
    /*
     * A finger: every control of a message takes 44 × 44 px. The avatar's column widens to its
     * button; the author's name reaches over half a line above and below, so a header stays one
     * line of text.
     */
    @media (pointer: coarse), (max-width: 719px) {
      article {
        grid-template-columns: 44px minmax(0, 1fr);
      }
      .gutter .who {
        width: 44px;
        height: 44px;
        align-items: center;
        justify-content: center;
      }
      header .who {
        min-height: 44px;
        margin-block: -11px;
        align-items: center;
      }
    }
  `,
];

/** Quote, reactions, mentions: the parts that came with replies and reactions. */
export const extraStyles = css`
  .uploads {
    display: grid;
    gap: var(--volley-space-1);
    margin-top: var(--volley-space-1);
  }
  /* The actions float at the message's top corner, in a margin of their own with a mouse: never over its text nor another message's. */
  .actions-menu {
    position: absolute;
    top: 0;
    inset-inline-end: var(--volley-space-2);
    z-index: 1;
    opacity: 0;
    background: var(--volley-surface-raised);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
  }
  /* With a mouse the bar (volley-message-actions.ts) has a margin of its own: the quick ones and "⋯" in a wide window, "⋯" alone in a narrow one. */
  @media (pointer: fine) and (min-width: 720px) {
    article {
      padding-inline-end: 156px;
    }
  }
  @media (pointer: fine) and (max-width: 719px) {
    article {
      padding-inline-end: 56px;
    }
  }
  /* A message whose menu is open, above the messages after it: theirs (hidden, still there to hover) would cover it otherwise. */
  :host(:focus-within) {
    position: relative;
    z-index: 2;
  }
  article:hover .actions-menu,
  article:focus-within .actions-menu {
    opacity: 1;
  }
  /* A finger opens the actions by a tap or a long press of the message: nothing sits over its text. */
  @media (pointer: coarse) {
    .actions-menu {
      opacity: 1;
      border: none;
      background: none;
    }
  }
  .quote {
    all: unset;
    display: block;
    margin: 4px 0 2px;
    padding: 2px var(--volley-space-2);
    border-inline-start: 3px solid var(--volley-border);
    color: var(--volley-text-muted);
    font-size: 0.875rem;
    cursor: pointer;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    max-width: 100%;
    box-sizing: border-box;
  }
  .quote:focus-visible {
    box-shadow: var(--volley-focus);
  }
  .quote-author {
    font-weight: 650;
  }
  .system {
    text-align: center;
  }
  .system,
  .deleted,
  .edited,
  .seen {
    color: var(--volley-text-muted);
    font-style: italic;
  }
  .edited,
  .seen {
    font-size: 0.75rem;
  }
  /* A button that reads as the mark it is: it starts the verification of the author. */
  .unverified {
    padding: 0;
    border: 0;
    background: none;
    font-family: inherit;
    text-decoration: underline dotted;
    cursor: pointer;
  }
  .seen {
    margin: 2px 0 0;
    text-align: end;
  }
  .action {
    font-style: italic;
  }
  .mention {
    font-weight: 600;
    color: var(--volley-brand);
  }
  .mention[data-me] {
    background: var(--volley-brand);
    color: var(--volley-on-brand);
    border-radius: 4px;
    padding: 0 2px;
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--volley-space-1);
    margin-top: 4px;
  }
  .reaction {
    position: relative;
    min-height: 28px;
    padding: 0 var(--volley-space-2);
    background: var(--volley-surface);
    color: var(--volley-text);
    border-color: var(--volley-border);
    font-weight: 500;
  }
  .reaction::before {
    content: attr(data-emoji);
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--volley-brand);
  }
  @media (pointer: coarse), (max-width: 719px) {
    .reaction {
      min-height: 44px;
      min-width: 44px;
    }
    .quote {
      line-height: 40px;
    }
  }
  .reaction:hover::after,
  .reaction:focus-visible::after {
    content: attr(data-who);
    position: absolute;
    z-index: 2;
    bottom: calc(100% + 4px);
    inset-inline-start: 0;
    padding: 2px var(--volley-space-2);
    background: var(--volley-text);
    color: var(--volley-surface-raised);
    border-radius: 4px;
    font-size: 0.75rem;
    white-space: nowrap;
  }
`;

/** A rendered body (Markdown as elements): the message's and the composer's preview alike. */
export const bodyStyles = [
  visuallyHidden,
  css`
  /* A tone indicator: a small chip, its meaning on hover (title) and for screen readers (hidden text). */
  .body .tone {
    display: inline-block;
    padding: 0 5px;
    border-radius: 999px;
    font-size: 0.75rem;
    line-height: 1.125rem;
    font-weight: 600;
    color: var(--volley-text-muted);
    background: var(--volley-surface);
    border: 1px solid var(--volley-border);
    cursor: help;
  }
  .body {
    margin: 0;
    overflow-wrap: anywhere;
    line-height: 1.375rem;
  }
  .body p,
  .body ul,
  .body ol,
  .body blockquote,
  .body pre {
    margin: 0;
  }
  .body > p:last-of-type {
    display: inline;
  }
  .body p + *,
  .body ul + *,
  .body ol + *,
  .body blockquote + *,
  .body pre + * {
    margin-top: 4px;
  }
  .body ul,
  .body ol {
    padding-inline-start: 1.5rem;
  }
  .body blockquote {
    padding-inline-start: var(--volley-space-2);
    border-inline-start: 3px solid var(--volley-border);
    color: var(--volley-text-muted);
  }
  .body code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.875em;
    padding: 1px 4px;
    border-radius: 4px;
    background: var(--volley-surface);
    border: 1px solid var(--volley-border);
  }
  .body pre {
    padding: var(--volley-space-2);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface);
    border: 1px solid var(--volley-border);
    overflow-x: auto;
    white-space: pre;
  }
  .body pre code {
    padding: 0;
    border: 0;
    background: none;
  }
  .body a {
    color: var(--volley-brand);
  }
`,
];
