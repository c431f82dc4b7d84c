import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
    position: relative;
  }
  /* Files dragged over the conversation: where they go, without taking the pointer. */
  .drop-zone {
    position: absolute;
    inset: var(--volley-space-2);
    display: grid;
    place-items: center;
    margin: 0;
    pointer-events: none;
    border: 3px dashed var(--volley-brand);
    border-radius: var(--volley-radius);
    background: color-mix(in srgb, var(--volley-bg) 85%, transparent);
    font-weight: 600;
    z-index: 5;
  }
  volley-message-list {
    flex: 1;
  }
  .liveness {
    display: flex;
    align-items: center;
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
    flex: 1;
    font-style: italic;
  }
  /* Until their code has come (loadAfterShown, volley-conversation.ts): the boxes they will
     have, a small button's height and the composer's with a line of text, so nothing moves then. */
  volley-pinned-messages:not(:defined) {
    min-height: 32px;
  }
  volley-composer:not(:defined) {
    display: block;
    min-height: calc(1.4rem + 22px);
    padding: var(--volley-space-2) 0 calc(var(--volley-space-2) + env(safe-area-inset-bottom));
    border-top: 1px solid var(--volley-border);
  }
  @media (pointer: coarse), (max-width: 719px) {
    volley-pinned-messages:not(:defined) {
      min-height: 44px;
    }
  }
`;
