/** The look of every modal `<dialog>`: a centred card on desktop, nearly full screen on a phone. */
import { css } from 'lit';
import { buttonRowStyles } from './shared.styles.js';

export const dialogStyles = css`
  dialog {
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius);
    background: var(--volley-surface-raised);
    color: var(--volley-text);
    padding: 0;
    width: min(30rem, calc(100vw - 2 * var(--volley-space-3)));
    max-height: calc(100dvh - 2 * var(--volley-space-6));
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .dialog-header {
    position: sticky;
    top: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--volley-space-2);
    padding: var(--volley-space-3) var(--volley-space-4);
    border-bottom: 1px solid var(--volley-border);
    background: var(--volley-surface-raised);
  }
  .dialog-header h2 {
    flex: 1;
    margin: 0;
    font-size: 1.0625rem;
  }
  .dialog-body {
    padding: var(--volley-space-4);
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-3);
  }
  .dialog-body h2 {
    margin: 0;
    font-size: 1.0625rem;
  }
  ${buttonRowStyles}
`;

