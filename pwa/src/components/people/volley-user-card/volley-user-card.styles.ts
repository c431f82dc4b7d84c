import { css } from 'lit';

export const cardStyles = css`
  .who {
    display: flex;
    gap: var(--volley-space-3);
    align-items: center;
  }
  .who volley-avatar {
    --size: 64px;
  }
  .who p {
    margin: 2px 0 0;
  }
  .username,
  .relation {
    color: var(--volley-text-muted);
    font-size: 0.875rem;
  }
  .status {
    display: flex;
    align-items: center;
    gap: var(--volley-space-1);
    font-size: 0.875rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--volley-space-2);
  }
  .actions button,
  .actions .button {
    min-height: 44px;
  }
  .confirm p {
    margin: 0 0 var(--volley-space-2);
  }
  .danger {
    color: var(--volley-danger);
  }
  .danger-button {
    background: var(--volley-danger);
  }
`;
