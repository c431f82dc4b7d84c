import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-4);
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: var(--volley-space-2);
    margin: 0;
  }
  .figures div {
    padding: var(--volley-space-2) var(--volley-space-3);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface);
  }
  dt {
    font-size: 0.8125rem;
    color: var(--volley-text-muted);
  }
  dd {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  h3 {
    margin: 0;
    font-size: 1rem;
  }
  p {
    margin: 0;
  }
  .hint {
    color: var(--volley-text-muted);
  }
  .error {
    color: var(--volley-danger);
  }
  .won {
    color: var(--volley-success);
    font-weight: 600;
  }
  .lost {
    color: var(--volley-danger);
  }
  @media (max-width: 479px) {
    .figures {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
`;
