import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
  }
  volley-message-list {
    flex: 1;
  }
  .liveness {
    display: flex;
    gap: var(--volley-space-3);
    justify-content: space-between;
    margin: 0;
    padding: 2px var(--volley-space-3);
    min-height: 1.25rem;
    color: var(--volley-text-muted);
    font-size: 0.75rem;
    border-bottom: 1px solid var(--volley-border);
  }
  .typing {
    font-style: italic;
  }
`;
