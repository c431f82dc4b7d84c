import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: var(--volley-space-2);
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  a {
    display: flex;
    align-items: center;
    gap: var(--volley-space-2);
    min-height: 44px;
    padding: 0 var(--volley-space-3);
    border-radius: var(--volley-radius-small);
    color: var(--volley-text);
    text-decoration: none;
  }
  .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  a[data-unread] .name {
    font-weight: 700;
  }
  .unread {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--volley-brand);
  }
  a:hover {
    background: var(--volley-surface-raised);
  }
  a[aria-current='page'] {
    background: color-mix(in srgb, var(--volley-brand) 16%, transparent);
    color: var(--volley-brand-strong);
    font-weight: 650;
  }
  a:focus-visible {
    outline: none;
    box-shadow: var(--volley-focus);
  }
`;
