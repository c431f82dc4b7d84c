import { css } from 'lit';
import { buttonRowStyles, buttonStyles } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  buttonRowStyles,
  css`
    .card {
      display: flex;
      flex-direction: column;
      gap: var(--volley-space-2);
      margin-top: var(--volley-space-1);
      padding: var(--volley-space-3);
      border: 1px solid var(--volley-border);
      border-left: 4px solid var(--volley-brand);
      border-radius: var(--volley-radius-small);
      background: var(--volley-surface);
      max-width: 28rem;
    }
    .result {
      border-left-color: var(--volley-success);
    }
    p {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .title {
      font-weight: 600;
    }
    .settings,
    .state {
      font-size: 0.875rem;
      color: var(--volley-text-muted);
    }
    .error {
      color: var(--volley-danger);
      font-size: 0.875rem;
    }
  `,
];
