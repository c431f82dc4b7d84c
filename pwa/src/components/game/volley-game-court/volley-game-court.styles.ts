import { css } from 'lit';

export const styles = css`
  :host {
    --court-background: #1e1b4b;
    --court-line: #4c4a8a;
    --court-paddle: #e0e7ff;
    --court-mine: #5eead4;
    --court-ball: #fbbf24;
    position: relative;
    display: block;
    aspect-ratio: 8 / 5;
    border-radius: var(--volley-radius);
    overflow: hidden;
    box-shadow: 0 0 0 2px color-mix(in srgb, var(--volley-brand) 60%, transparent);
  }
  canvas {
    display: block;
    width: 100%;
    height: 100%;
    touch-action: none;
    cursor: ns-resize;
  }
  .overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    pointer-events: none;
    color: #fff;
    text-align: center;
  }
`;
