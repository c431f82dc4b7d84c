import { css } from 'lit';

export const styles = css`
  .queue {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-3);
  }
  .hint {
    margin: 0;
    color: var(--volley-text-muted);
  }
  .status {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-1);
    min-height: 2.75rem;
    font-variant-numeric: tabular-nums;
  }
`;
