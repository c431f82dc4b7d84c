import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--volley-space-3) var(--volley-space-2);
    display: flex;
    flex-direction: column;
  }
  .log:focus-visible {
    outline: none;
    box-shadow: inset var(--volley-focus);
  }
  /* Few messages sit at the bottom, next to the composer, as in every chat. */
  .log > :first-child {
    margin-top: auto;
  }
  .empty {
    color: var(--volley-text-muted);
    text-align: center;
    margin: 0 0 var(--volley-space-6);
  }
  .blocked {
    align-self: flex-start;
    margin: var(--volley-space-1) var(--volley-space-3);
    padding: var(--volley-space-1) var(--volley-space-3);
    border: 1px dashed var(--volley-border);
    border-radius: var(--volley-radius-small);
    background: transparent;
    color: var(--volley-text-muted);
    font: inherit;
    font-size: 0.875rem;
    font-style: italic;
    cursor: pointer;
  }
  .blocked:focus-visible {
    outline: none;
    box-shadow: var(--volley-focus);
  }
`;

export const dividerStyles = css`
  .day {
    display: flex;
    align-items: center;
    gap: var(--volley-space-2);
    margin: var(--volley-space-3) 0 var(--volley-space-1);
    color: var(--volley-text-muted);
    font-size: 0.75rem;
    font-weight: 650;
  }
  .day::before,
  .day::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--volley-border);
  }
  .divider {
    display: flex;
    align-items: center;
    gap: var(--volley-space-2);
    margin: var(--volley-space-2) 0;
    color: var(--volley-danger);
    font-size: 0.75rem;
    font-weight: 650;
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid currentColor;
  }
  .older {
    align-self: center;
    color: var(--volley-text-muted);
    font-size: 0.75rem;
    margin: var(--volley-space-2) 0;
  }
  volley-message[data-highlight] {
    border-radius: var(--volley-radius);
    animation: flash 2s ease-out;
  }
  @keyframes flash {
    from {
      background: color-mix(in srgb, var(--volley-brand) 30%, transparent);
    }
  }
`;
