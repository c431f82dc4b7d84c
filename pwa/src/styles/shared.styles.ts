/** Styles several components share: buttons and the visually-hidden helper. */
import { css } from 'lit';

export const buttonStyles = css`
  button,
  .button {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--volley-space-2);
    min-height: 40px;
    padding: 0 var(--volley-space-4);
    border-radius: var(--volley-radius-small);
    border: 1px solid transparent;
    background: var(--volley-brand);
    color: var(--volley-on-brand);
    cursor: pointer;
    text-decoration: none;
    white-space: nowrap;
  }
  button:hover,
  .button:hover {
    background: var(--volley-brand-strong);
  }
  button:focus-visible,
  .button:focus-visible,
  a:focus-visible,
  select:focus-visible {
    outline: none;
    box-shadow: var(--volley-focus);
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  button.secondary,
  .button.secondary {
    background: transparent;
    color: var(--volley-text);
    border-color: var(--volley-border);
  }
  button.secondary:hover,
  .button.secondary:hover {
    background: var(--volley-surface);
  }
  /* Harmful or final: a red button, or red text on a quiet one. */
  button.danger-button {
    background: var(--volley-danger);
    color: var(--volley-on-brand);
  }
  button.danger-button:hover {
    background: var(--volley-danger);
    filter: brightness(0.9);
  }
  button.secondary.danger {
    color: var(--volley-danger);
    border-color: var(--volley-danger);
  }
  button.small,
  .button.small {
    min-height: 32px;
    padding: 0 var(--volley-space-3);
    font-size: 0.875rem;
  }
  a {
    color: var(--volley-brand);
  }
  /* A finger needs 44 px (WCAG 2.5.5): on a touch screen or a phone, no button is smaller. */
  @media (pointer: coarse), (max-width: 719px) {
    button,
    .button,
    button.small,
    .button.small {
      min-height: 44px;
      min-width: 44px;
    }
  }
`;

/** A checkbox or radio's label is its target: 44 px tall on a touch screen or a phone (WCAG 2.5.5). */
export const choiceStyles = css`
  @media (pointer: coarse), (max-width: 719px) {
    label:has(> input[type='checkbox']),
    label:has(> input[type='radio']) {
      display: flex;
      align-items: center;
      min-height: 44px;
    }
  }
`;

/** A wrapping row of buttons under a form or in a dialog. */
export const buttonRowStyles = css`
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: var(--volley-space-2);
  }
`;

export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** A general error (`formError`) outside a form: an action refused where it was asked, as a form's is shown. */
export const formErrorStyles = css`
  .form-error {
    padding: var(--volley-space-2) var(--volley-space-3);
    border-radius: var(--volley-radius-small);
    background: var(--volley-danger-bg);
    color: var(--volley-danger);
  }
`;
