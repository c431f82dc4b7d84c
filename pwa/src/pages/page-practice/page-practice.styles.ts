import { css } from 'lit';

export const styles = css`
  .settings {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-3);
    max-width: 24rem;
    width: 100%;
    margin: 0 auto;
  }
  .settings img {
    width: 160px;
    align-self: center;
  }
  .intro {
    margin: 0;
    color: var(--volley-text-muted);
  }
  label {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-1);
    font-weight: 600;
  }
  select {
    font: inherit;
    min-height: 44px;
    padding: 0 var(--volley-space-2);
    border-radius: var(--volley-radius-small);
    border: 1px solid var(--volley-border);
    background: var(--volley-bg);
    color: var(--volley-text);
  }
`;
