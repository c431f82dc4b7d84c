/** Tables of figures (the leaderboard, a match history): aligned numbers, readable on a phone. */
import { css } from 'lit';

export const tableStyles = css`
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    color: var(--volley-text-muted);
    font-size: 0.875rem;
    padding-bottom: var(--volley-space-2);
  }
  th,
  td {
    text-align: start;
    padding: var(--volley-space-2);
    border-bottom: 1px solid var(--volley-border);
    white-space: nowrap;
  }
  /* Names may be long: only they wrap. */
  .name {
    white-space: normal;
    overflow-wrap: anywhere;
    width: 100%;
  }
  th {
    font-size: 0.8125rem;
    color: var(--volley-text-muted);
    font-weight: 600;
  }
  .num {
    text-align: end;
  }
  tr[data-me] td {
    background: color-mix(in srgb, var(--volley-brand) 12%, transparent);
    font-weight: 600;
  }
  @media (max-width: 479px) {
    th,
    td {
      padding: var(--volley-space-2) var(--volley-space-1);
      font-size: 0.875rem;
    }
  }
`;
