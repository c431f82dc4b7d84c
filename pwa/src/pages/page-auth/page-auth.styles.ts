/** Layout shared by the sign-in and sign-up pages. */
import { css } from 'lit';
import { formStyles } from '../../forms/text-field.js';
import { buttonStyles } from '../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  formStyles,
  css`
    :host {
      display: block;
      overflow-y: auto;
      background: var(--volley-surface);
    }
    main {
      box-sizing: border-box;
      min-height: 100%;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: var(--volley-space-6);
      padding: var(--volley-space-6) var(--volley-space-4);
    }
    .brand {
      display: flex;
      align-items: center;
      gap: var(--volley-space-3);
      font-size: 1.5rem;
      font-weight: 700;
      margin: 0;
    }
    .brand img {
      width: 40px;
      height: 40px;
    }
    .card {
      box-sizing: border-box;
      width: 100%;
      max-width: 400px;
      padding: var(--volley-space-6);
      border-radius: var(--volley-radius);
      background: var(--volley-surface-raised);
      border: 1px solid var(--volley-border);
      display: flex;
      flex-direction: column;
      gap: var(--volley-space-4);
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    button[type='submit'] {
      min-height: 44px;
    }
    .or {
      margin: 0;
      text-align: center;
      color: var(--volley-text-muted);
    }
    a.provider {
      min-height: 44px;
      white-space: normal;
      text-align: center;
      display: flex;
      align-items: center;
      justify-content: center;
      text-decoration: none;
    }
    .notice {
      margin: 0;
      padding: var(--volley-space-2) var(--volley-space-3);
      border-radius: var(--volley-radius-small);
      background: var(--volley-surface);
      border: 1px solid var(--volley-border);
    }
    .notice.banned {
      border-color: var(--volley-danger);
      background: var(--volley-danger-bg);
      color: var(--volley-danger);
    }
    .notice.banned p {
      margin: var(--volley-space-1) 0 0;
    }
    .other {
      margin: 0;
      color: var(--volley-text-muted);
      font-size: 0.9375rem;
    }
  `,
];
