/** The box of a picker opened from the composer (emojis, stickers): one size, so the two swap in place. */
import { css } from 'lit';

export const pickerBoxStyles = css`
  :host {
    display: block;
    width: min(344px, calc(100vw - 2 * var(--volley-space-3)));
    height: 360px;
    border-radius: var(--volley-radius);
    background: var(--volley-surface-raised);
    box-shadow: var(--volley-shadow, 0 4px 16px rgb(0 0 0 / 0.2));
  }
`;
