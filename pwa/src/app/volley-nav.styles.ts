import { css } from 'lit';
import { visuallyHidden } from '../styles/shared.styles.js';

export const styles = [
  visuallyHidden,
  css`
  :host {
    display: block;
    background: var(--volley-surface);
  }
  nav {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-1);
    padding: var(--volley-space-2) var(--volley-space-1);
    height: 100%;
    box-sizing: border-box;
  }
  .item {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 2px;
    min-height: 56px;
    padding: var(--volley-space-1);
    border: none;
    border-radius: var(--volley-radius-small);
    background: transparent;
    color: var(--volley-text-muted);
    font: inherit;
    font-size: 0.6875rem;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  .item:hover {
    background: var(--volley-surface-raised);
    color: var(--volley-text);
  }
  .item[aria-current='page'] {
    color: var(--volley-brand);
    background: color-mix(in srgb, var(--volley-brand) 14%, transparent);
  }
  .item:focus-visible {
    outline: none;
    box-shadow: var(--volley-focus);
  }
  .badge {
    position: absolute;
    top: 4px;
    inset-inline-end: calc(50% - 22px);
    min-width: 18px;
    height: 18px;
    padding: 0 5px;
    box-sizing: border-box;
    border-radius: 9px;
    background: var(--volley-danger);
    color: #fff;
    font-size: 0.6875rem;
    line-height: 18px;
    text-align: center;
  }
  /* A phone: the same items in a row along the bottom edge. */
  @media (max-width: 719px) {
    nav {
      flex-direction: row;
      justify-content: space-around;
      gap: 0;
      padding: var(--volley-space-1) 0 calc(var(--volley-space-1) + env(safe-area-inset-bottom));
      border-top: 1px solid var(--volley-border);
    }
    /* Each item as wide as its label needs, the rest of the row shared: no label is cut. */
    .item {
      flex: 1 1 auto;
      min-width: 44px;
      padding: var(--volley-space-1) 2px;
    }
    .label {
      font-size: 0.75rem;
      white-space: nowrap;
    }
  }
`,
];
