import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    color: var(--volley-text);
    font-family: var(--volley-font);
  }
  /* The update banner takes its own row above the page, never covering it. */
  page-auth,
  page-chat,
  .splash {
    flex: 1;
    min-height: 0;
    height: auto;
  }
  .splash {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: var(--volley-space-2);
    color: var(--volley-text-muted);
  }
  .splash a {
    color: var(--volley-brand);
  }
`;
