/** The level's button as the header's others, its menu under it (anchored where the browser can, else centred), a sheet on a phone. */
import { css } from 'lit';
import { buttonStyles } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  css`
    .icon {
      width: 20px;
      height: 20px;
    }
    [part='button'] {
      anchor-name: --level-button;
    }
    [role='menu'] {
      position-anchor: --level-button;
      inset: auto;
      top: anchor(bottom);
      right: anchor(right);
      margin: 4px 0 0;
      position-try-fallbacks: flip-block;
      flex-direction: column;
      gap: 2px;
      width: min(20rem, calc(100vw - 16px));
      padding: var(--volley-space-1);
      color: var(--volley-text);
      background: var(--volley-surface-raised);
      border: 1px solid var(--volley-border);
      border-radius: var(--volley-radius-small);
      box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
    }
    [role='menu']:popover-open {
      display: flex;
    }
    [role='menuitemradio'] {
      display: flex;
      align-items: flex-start;
      justify-content: flex-start;
      gap: var(--volley-space-2);
      min-height: 44px;
      padding: var(--volley-space-2) var(--volley-space-3);
      text-align: start;
      white-space: normal;
      color: var(--volley-text);
      background: transparent;
      font-weight: 500;
    }
    [role='menuitemradio']:hover,
    [role='menuitemradio'][aria-checked='true'] {
      background: var(--volley-surface);
    }
    .check {
      width: 1em;
      flex: none;
    }
    .text {
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .hint {
      font-weight: 400;
      font-size: 0.85em;
      color: var(--volley-text-muted);
    }
    @media (max-width: 599px) {
      [role='menu'] {
        position: fixed;
        inset: auto 0 0 0;
        width: auto;
        margin: 0;
        padding: var(--volley-space-2) var(--volley-space-2) calc(var(--volley-space-2) + env(safe-area-inset-bottom));
        border-radius: var(--volley-radius) var(--volley-radius) 0 0;
      }
      [role='menuitemradio'] {
        min-height: 48px;
      }
    }
  `,
];
