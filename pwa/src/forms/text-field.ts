/**
 * A labelled input with its server errors underneath. A template, not an element: the input must
 * live in the form's own shadow root to belong to the form (Enter submits, autofill works).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { buttonRowStyles, formErrorStyles } from '../styles/shared.styles.js';

export interface TextFieldOptions {
  name: string;
  /** The element's id where two forms of one shadow root share a field's name (a label points at one id). */
  id?: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  errors: readonly string[];
  autofocus?: boolean;
  /** The starting value (an edit form). */
  value?: string;
  /** A textarea instead of an input. */
  multiline?: boolean;
}

export function textField({ name, id = name, label, type = 'text', autocomplete, errors, autofocus = false, value = '', multiline = false }: TextFieldOptions): TemplateResult {
  const errorId = `${id}-error`;
  const invalid = errors.length > 0;
  const describedBy = ifDefined(invalid ? errorId : undefined);
  return html`
    <div class="field" ?data-invalid=${invalid}>
      <label for=${id}>${label}</label>
      ${multiline
        ? html`<textarea id=${id} name=${name} rows="4" .value=${value} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy}></textarea>`
        : html`<input
            id=${id}
            name=${name}
            type=${type}
            .value=${value}
            autocomplete=${ifDefined(autocomplete)}
            autocapitalize="off"
            spellcheck="false"
            ?autofocus=${autofocus}
            aria-invalid=${invalid ? 'true' : 'false'}
            aria-describedby=${describedBy}
          />`}
      ${invalid
        ? html`<ul class="field-errors" id=${errorId} data-testid=${`field-error-${name}`}>
            ${errors.map((error) => html`<li>${error}</li>`)}
          </ul>`
        : nothing}
    </div>
  `;
}

/** A general form error, announced to screen readers. */
export function formError(message: string | null): TemplateResult | typeof nothing {
  return message ? html`<p class="form-error" role="alert" data-testid="form-error">${message}</p>` : nothing;
}

export const formStyles = css`
  ${buttonRowStyles}
  ${formErrorStyles}
  /* A form's success status, the counterpart of .form-error. */
  .done {
    margin: 0;
    color: var(--volley-success);
  }
  form {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-4);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--volley-space-1);
  }
  label {
    font-weight: 600;
    font-size: 0.9rem;
  }
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    background: var(--volley-surface-raised);
    border: 1px solid var(--volley-border);
    border-radius: var(--volley-radius-small);
    padding: 10px 12px;
    min-height: 44px;
    box-sizing: border-box;
  }
  input[type='checkbox'],
  input[type='radio'] {
    min-height: 0;
    padding: 0;
  }
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible {
    outline: none;
    border-color: var(--volley-brand);
    box-shadow: var(--volley-focus);
  }
  [data-invalid] input,
  [data-invalid] textarea {
    border-color: var(--volley-danger);
  }
  .field-errors {
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--volley-danger);
    font-size: 0.875rem;
  }
  .form-error {
    margin: 0;
  }
`;

