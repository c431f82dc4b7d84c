import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-flex;
    font-size: 0.8125rem;
    color: var(--volley-text-muted);
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--volley-text-muted);
  }
  [data-state='online'] .dot {
    background: var(--volley-success);
  }
  [data-state='connecting'] .dot {
    background: var(--volley-warning);
  }
  [data-state='offline'] {
    color: var(--volley-warning);
  }
  [data-state='offline'] .dot {
    background: transparent;
    border: 2px solid var(--volley-warning);
    box-sizing: border-box;
  }

  /* On a phone the dot says it; the text stays for screen readers. */
  @media (max-width: 419px) {
    .label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  }
`;

/** Shown only when the outbox takes a while to drain: a single send's few milliseconds never flash it. */
export const progressStyles = css`
  .progress {
    font-size: 0.75rem;
    color: var(--volley-warning);
    margin-inline-end: var(--volley-space-2);
    animation: appear 0s 700ms both;
  }
  @keyframes appear {
    from {
      visibility: hidden;
    }
  }
`;
