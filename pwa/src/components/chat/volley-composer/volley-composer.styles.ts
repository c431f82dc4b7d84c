import { css } from 'lit';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  visuallyHidden,
  css`
    :host {
      display: block;
      padding: var(--volley-space-2) var(--volley-space-3) calc(var(--volley-space-2) + env(safe-area-inset-bottom));
      border-top: 1px solid var(--volley-border);
      background: var(--volley-bg);
    }
    form {
      display: flex;
      align-items: flex-end;
      gap: var(--volley-space-2);
    }
    textarea {
      flex: 1;
      min-width: 0;
      font: inherit;
      color: inherit;
      background: var(--volley-surface);
      border: 1px solid var(--volley-border);
      border-radius: var(--volley-radius);
      padding: 10px 12px;
      resize: none;
      field-sizing: content;
      min-height: 44px;
      /* Grows with its text to five lines, then scrolls. */
      max-height: calc(5 * 1.4em + 22px);
      overflow-y: auto;
      overflow-wrap: break-word;
      box-sizing: border-box;
      line-height: 1.4;
    }
    textarea:focus-visible {
      outline: none;
      border-color: var(--volley-brand);
      box-shadow: var(--volley-focus);
    }
    button {
      min-height: 44px;
    }
    form {
      position: relative;
    }
    .tools {
      display: contents;
    }
    .more-tools,
    .send-icon {
      display: none;
    }
    /* A phone: the text takes the row; the tools fold into "+", Send is its arrow. */
    @media (max-width: 719px) {
      .more-tools {
        display: inline-flex;
        order: -1;
      }
      .tools {
        display: none;
      }
      .tools[data-open] {
        display: flex;
        gap: var(--volley-space-2);
        position: absolute;
        bottom: calc(100% + var(--volley-space-2));
        inset-inline-start: 0;
        z-index: 3;
        padding: var(--volley-space-2);
        background: var(--volley-surface-raised);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
      }
      .send {
        min-width: 44px;
        padding: 0 var(--volley-space-3);
      }
      .send-label {
        display: none;
      }
      .send-icon {
        display: inline;
        font-size: 1.125rem;
      }
    }
  `,
];

/** Above the text field: the quote answered, command feedback, member completion. */
export const aboveStyles = css`
  :host {
    position: relative;
  }
  .replying {
    display: flex;
    align-items: center;
    gap: var(--volley-space-2);
    margin-bottom: var(--volley-space-2);
    padding-inline-start: var(--volley-space-2);
    border-inline-start: 3px solid var(--volley-brand);
    font-size: 0.875rem;
  }
  .quote {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  .excerpt {
    color: var(--volley-text-muted);
  }
  .error,
  .note {
    margin: 0 0 var(--volley-space-2);
    font-size: 0.875rem;
    white-space: pre-line;
  }
  .error {
    color: var(--volley-danger);
  }
  [role='listbox'] {
    position: absolute;
    bottom: 100%;
    inset-inline-start: var(--volley-space-3);
    margin: 0;
    padding: var(--volley-space-1);
    list-style: none;
    min-width: 12rem;
    background: var(--volley-surface-raised);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
  }
  [role='option'] {
    padding: var(--volley-space-2) var(--volley-space-3);
    border-radius: 4px;
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: var(--volley-brand);
    color: var(--volley-on-brand);
  }
`;

/** The emoji picker over the field, and the preview of formatted text. */
export const pickerStyles = css`
  .picker {
    position: absolute;
    bottom: 100%;
    inset-inline-end: var(--volley-space-3);
    z-index: 3;
  }
  .emoji-button {
    min-width: 44px;
    padding: 0;
    font-size: 1.25rem;
  }
  .preview {
    max-height: 30vh;
    overflow-y: auto;
    margin-bottom: var(--volley-space-2);
    padding: var(--volley-space-2) var(--volley-space-3);
    border: 1px dashed var(--volley-border);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface);
  }
`;

/** The files staged for the next message, above the field; the attach button beside it. */
export const stagedStyles = css`
  .staged {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--volley-space-2);
    margin: 0 0 var(--volley-space-2);
    padding: 0;
  }
  .staged li {
    display: inline-flex;
    align-items: center;
    gap: var(--volley-space-2);
    max-width: 280px;
    padding: 2px 2px 2px var(--volley-space-2);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface);
    font-size: 0.875rem;
  }
  .staged .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .staged .size {
    color: var(--volley-text-muted);
    white-space: nowrap;
  }
  .attach-button {
    min-width: 44px;
    padding: 0;
    font-size: 1.25rem;
  }
`;
