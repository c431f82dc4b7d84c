/** Lists of people and channels, their search field and hints. */
import { css } from 'lit';
import { formErrorStyles } from './shared.styles.js';

export const listStyles = css`
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li + li {
    border-top: 1px solid var(--volley-border);
  }
  .search-label {
    display: block;
    font-weight: 600;
    font-size: 0.9rem;
    margin-bottom: var(--volley-space-1);
  }
  input.search {
    font: inherit;
    color: inherit;
    width: 100%;
    box-sizing: border-box;
    min-height: 44px;
    padding: 10px 12px;
    background: var(--volley-surface-raised);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
  }
  input.search:focus-visible {
    outline: none;
    border-color: var(--volley-brand);
    box-shadow: var(--volley-focus);
  }
  .hint {
    color: var(--volley-text-muted);
    margin: var(--volley-space-2) 0;
  }
  ${formErrorStyles}
  .form-error {
    margin: var(--volley-space-2) 0;
  }
`;
