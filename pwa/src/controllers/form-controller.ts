/**
 * The submit cycle of a form that talks to the API: one submission at a time, and the server's
 * answer spread out as per-field errors (next to their field) and one general message.
 */
import type { ReactiveControllerHost } from 'lit';
import { banText, type BanFacts } from '../i18n/ban-text.js';
import { fieldMessage } from '../i18n/field-message.js';
import { msgFor } from '../i18n/i18n.js';
import { ApiError, type FieldErrors } from '@volley/client';

export class FormController {
  submitting = false;
  #fieldErrors: FieldErrors = {};
  #errorCode: string | null = null;
  #ban: BanFacts | undefined;
  #otherFieldErrors: string[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #fields: () => readonly string[];

  /** `fields`: the names the form shows; errors for any other field join the general message. */
  constructor(host: ReactiveControllerHost, fields: () => readonly string[]) {
    this.#host = host;
    this.#fields = fields;
  }

  /** Translated at render time, like the general message. */
  errorsFor(field: string): string[] {
    return (this.#fieldErrors[field] ?? []).map(fieldMessage);
  }

  /**
   * The general message, translated at render time so it follows a language switch. None when
   * the errors beside the fields already say it (a wrong password, a name taken): one error, once.
   */
  get formError(): string | null {
    if (this.#errorCode === null) return null;
    const besideFields = Object.keys(this.#fieldErrors).length > 0 && this.#otherFieldErrors.length === 0;
    if (besideFields && this.#errorCode !== 'validation_failed') return null;
    // A ban says until when and why, not only that it is one.
    if (this.#ban && (this.#errorCode === 'site_banned' || this.#errorCode === 'banned')) return banText(this.#errorCode === 'site_banned' ? 'site' : 'channel', this.#ban);
    // Fields this form does not show: their own words say more than "check the highlighted fields".
    if (this.#errorCode === 'validation_failed' && Object.keys(this.#fieldErrors).length === 0 && this.#otherFieldErrors.length > 0) return this.#otherFieldErrors.map(fieldMessage).join(' ');
    return [msgFor('error', this.#errorCode, 'error.unknown'), ...this.#otherFieldErrors.map(fieldMessage)].join(' ');
  }

  /** Forgets the errors shown. */
  reset(): void {
    this.#fieldErrors = {};
    this.#errorCode = null;
    this.#ban = undefined;
    this.#otherFieldErrors = [];
    this.#host.requestUpdate();
  }

  /** Runs `action`; resolves true when it succeeded. */
  async submit(action: () => Promise<void>): Promise<boolean> {
    if (this.submitting) return false;
    this.reset();
    this.submitting = true;
    try {
      await action();
      return true;
    } catch (error) {
      this.#show(error);
      return false;
    } finally {
      this.submitting = false;
      this.#host.requestUpdate();
    }
  }

  #show(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.#errorCode = 'unknown';
      return;
    }
    for (const [field, messages] of Object.entries(error.fields)) {
      if (this.#fields().includes(field)) this.#fieldErrors[field] = messages;
      // Raw, a field's name is an English identifier: the problem's own words are shown alone.
      else this.#otherFieldErrors.push(...messages);
    }
    this.#errorCode = error.code;
    this.#ban = error.ban;
  }
}
