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

/** Quote, reactions, editor, mentions: the parts that came with replies, reactions and edits. */
export const extraStyles = css`
  header volley-message-actions {
    margin-inline-start: auto;
    opacity: 0;
  }
  article:hover volley-message-actions,
  article:focus-within volley-message-actions {
    opacity: 1;
  }
  @media (pointer: coarse) {
    header volley-message-actions {
      opacity: 1;
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
  .editor {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-1);
  }
  .editor textarea {
    font: inherit;
    padding: var(--volley-space-2);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface-raised);
    color: var(--volley-text);
    resize: vertical;
  }
  .buttons {
    display: flex;
    gap: var(--volley-space-2);
  }
`;
