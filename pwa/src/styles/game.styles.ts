/** The frame of the game pages (online and practice): a toolbar, the scoreboard, the court as large as the screen allows. */
import { css } from 'lit';

export const gameStyles = css`
  :host {
    display: block;
    height: 100%;
    overflow-y: auto;
  }
  main {
    max-width: 68rem;
    margin: 0 auto;
    padding: var(--volley-space-3) var(--volley-space-4) var(--volley-space-6);
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-3);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--volley-space-2) var(--volley-space-3);
  }
  h1 {
    margin: 0;
    font-size: 1.125rem;
    flex: 1;
    min-width: 10rem;
  }
  .badge {
    padding: 2px var(--volley-space-2);
    border-radius: 999px;
    background: color-mix(in srgb, var(--volley-brand) 16%, transparent);
    color: var(--volley-brand);
    font-size: 0.8125rem;
    font-weight: 700;
  }
  volley-game-court {
    /* As wide as the column, but never taller than the screen leaves room for. */
    width: min(100%, calc((100dvh - var(--game-chrome, 15rem)) * 1.6));
    margin: 0 auto;
  }
  .hint {
    margin: 0;
    text-align: center;
    color: var(--volley-text-muted);
    font-size: 0.875rem;
  }
  .overlay-text {
    padding: var(--volley-space-2) var(--volley-space-4);
    border-radius: var(--volley-radius-small);
    background: rgb(0 0 0 / 55%);
    font-weight: 700;
  }
  .countdown {
    /* Above the ball, which waits at the centre. */
    margin-bottom: 35%;
    font-size: clamp(2rem, 8vw, 4.5rem);
    font-variant-numeric: tabular-nums;
    background: none;
    text-shadow: 0 2px 8px rgb(0 0 0 / 60%);
  }
  @media (prefers-reduced-motion: no-preference) {
    .countdown {
      animation: beat 1s ease-out infinite;
    }
  }
  @keyframes beat {
    from {
      transform: scale(1.25);
      opacity: 0.6;
    }
    to {
      transform: scale(1);
      opacity: 1;
    }
  }
  .message {
    margin: 0;
    padding: var(--volley-space-3);
    border-radius: var(--volley-radius-small);
    background: var(--volley-surface);
    border: 1px solid var(--volley-border);
  }
  .message[role='alert'] {
    background: var(--volley-danger-bg);
    color: var(--volley-danger);
    border-color: transparent;
  }
  @media (max-width: 719px) {
    main {
      padding: var(--volley-space-2);
      gap: var(--volley-space-2);
      --game-chrome: 17rem;
    }
    /* The title on a row of its own, the link and the buttons under it. */
    h1 {
      order: -1;
      flex-basis: 100%;
      font-size: 1rem;
    }
  }
  /* A phone on its side: every pixel of height goes to the court. */
  @media (max-height: 500px) {
    main {
      padding: var(--volley-space-1) var(--volley-space-2);
      gap: var(--volley-space-1);
      --game-chrome: 6.5rem;
    }
    .hint {
      display: none;
    }
  }
`;
