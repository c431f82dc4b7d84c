/** A small popup menu under its button (a message author's menu, a message's actions): the host anchors it. */
import { css } from 'lit';

export const menuStyles = css`
  :host {
    position: relative;
    display: inline-block;
  }
  [role='menu'],
  .popup {
    position: absolute;
    z-index: 3;
    top: calc(100% + 4px);
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: var(--volley-space-1);
    background: var(--volley-surface-raised);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
  }
  [role='menuitem'] {
    justify-content: flex-start;
    min-height: 36px;
    background: transparent;
    color: var(--volley-text);
    font-weight: 500;
    text-decoration: none;
    padding: 0 var(--volley-space-3);
  }
  [role='menuitem']:hover {
    background: var(--volley-surface);
  }
`;
