import { css } from 'lit';
import { buttonStyles } from '../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  css`
    :host {
      display: block;
    }
    .banner {
      display: flex;
      align-items: center;
      justify-content: center;
      flex-wrap: wrap;
      gap: var(--volley-space-3);
      padding: var(--volley-space-2) var(--volley-space-4);
      padding-top: calc(var(--volley-space-2) + env(safe-area-inset-top));
      background: var(--volley-text);
      color: var(--volley-bg);
    }
    button {
      min-height: 32px;
    }
  `,
];
