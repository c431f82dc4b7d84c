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
  .shell {
    flex: 1;
    min-height: 0;
    display: flex;
  }
  volley-nav {
    flex: none;
    width: 76px;
    border-inline-end: 1px solid var(--volley-border);
  }
  .shell > :not(volley-nav) {
    flex: 1;
    min-width: 0;
    min-height: 0;
    height: auto;
  }
  /* A phone: the navigation is a bar along the bottom. */
  @media (max-width: 719px) {
    .shell {
      flex-direction: column-reverse;
    }
    volley-nav {
      width: auto;
      border-inline-end: none;
    }
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
