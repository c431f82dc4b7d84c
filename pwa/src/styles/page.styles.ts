/** The frame of the pages other than the chat: a scrolling column with a title and sections. */
import { css } from 'lit';

export const pageStyles = css`
  :host {
    display: block;
    height: 100%;
    overflow-y: auto;
  }
  main {
    max-width: 44rem;
    margin: 0 auto;
    padding: var(--volley-space-4) var(--volley-space-4) var(--volley-space-6);
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-6);
  }
  h1 {
    margin: 0;
    font-size: 1.375rem;
  }
  h2 {
    margin: 0 0 var(--volley-space-2);
    font-size: 1.0625rem;
  }
  .title-row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--volley-space-3);
    flex-wrap: wrap;
  }
  .offline {
    margin: 0;
    padding: var(--volley-space-2) var(--volley-space-3);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface);
    border: 1px solid var(--volley-border);
    color: var(--volley-text-muted);
  }
`;
