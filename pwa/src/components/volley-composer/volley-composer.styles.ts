import { css } from 'lit';
import { buttonStyles, visuallyHidden } from '../../styles/shared.styles.js';

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
      max-height: 40vh;
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
  `,
];
