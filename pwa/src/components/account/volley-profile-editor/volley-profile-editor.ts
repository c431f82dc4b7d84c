/**
 * Editing my profile: display name and bio (the server's per-field errors beside each field), and
 * my picture (PNG, JPEG or WebP up to 2 MB, checked here before sending; the server checks again).
 */
import { consume } from '@lit/context';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, type UserProfile } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import type { ApiClient } from '@volley/client';
import { ApiError } from '@volley/client';
import { setAvatar, updateProfile } from '../../../services/profiles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

const tooBig = (): string => msg('profile.avatarTooBig', { max: AVATAR_MAX_BYTES / (1024 * 1024) });

@customElement('volley-profile-editor')
export class VolleyProfileEditor extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--volley-space-6);
      }
      h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
    `,
  ];

  @property({ attribute: false }) profile: UserProfile | null = null;
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private saved = false;
  @state() private fileError: string | null = null;
  readonly #form = new FormController(this, () => ['displayName', 'bio']);
  readonly #avatar = new FormController(this, () => []);

  protected override render() {
    const profile = this.profile;
    if (!profile) return nothing;
    const busy = !this.online || this.#form.submitting;
    return html`<form novalidate @submit=${this.#save} aria-labelledby="edit-title">
        <h2 id="edit-title">${msg('profile.edit')}</h2>
        ${textField({ name: 'displayName', label: msg('profile.displayName'), value: profile.displayName, autocomplete: 'nickname', errors: this.#form.errorsFor('displayName') })}
        ${textField({ name: 'bio', label: msg('profile.bio'), value: profile.bio, multiline: true, errors: this.#form.errorsFor('bio') })}
        ${formError(this.#form.formError)} ${this.saved ? html`<p class="done" role="status">${msg('profile.saved')}</p>` : nothing}
        <div class="buttons"><button type="submit" ?disabled=${busy}>${msg('profile.save')}</button></div>
      </form>
      <form novalidate @submit=${(e: Event) => e.preventDefault()} aria-labelledby="avatar-title">
        <h2 id="avatar-title">${msg('profile.avatar')}</h2>
        ${this.online ? nothing : html`<p>${msg('common.offline')}</p>`}
        <div class="field" ?data-invalid=${!!this.fileError}>
          <label for="avatar">${msg('profile.uploadAvatar')}</label>
          <input id="avatar" type="file" accept=${AVATAR_TYPES.join(',')} ?disabled=${!this.online || this.#avatar.submitting} @change=${this.#upload}
            aria-describedby="avatar-hint" aria-invalid=${this.fileError ? 'true' : 'false'} />
          <span id="avatar-hint">${msg('profile.avatarHint')}</span>
          ${this.fileError ? html`<ul class="field-errors" data-testid="field-error-avatar"><li>${this.fileError}</li></ul>` : nothing}
        </div>
        ${formError(this.#avatar.formError)}
        ${profile.avatarUrl
          ? html`<div class="buttons"><button type="button" class="secondary" ?disabled=${!this.online || this.#avatar.submitting} @click=${() => this.#setAvatar(null)}>${msg('profile.removeAvatar')}</button></div>`
          : nothing}
      </form>`;
  }

  readonly #save = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const { api, db, profile } = this;
    if (!api || !db || !profile) return;
    this.saved = false;
    this.saved = await this.#form.submit(() =>
      updateProfile(api, db, profile.id, { displayName: String(data.get('displayName') ?? ''), bio: String(data.get('bio') ?? '') }),
    );
  };

  readonly #upload = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.fileError = !(AVATAR_TYPES as readonly string[]).includes(file.type)
      ? msg('profile.avatarType')
      : file.size > AVATAR_MAX_BYTES
        ? tooBig()
        : null;
    if (!this.fileError) void this.#setAvatar(file);
  };

  /** The server's refusals of the file itself show beside the field, in the same words as the checks made here. */
  async #setAvatar(file: File | null): Promise<void> {
    const { api, db, profile } = this;
    if (!api || !db || !profile) return;
    await this.#avatar.submit(async () => {
      try {
        await setAvatar(api, db, profile.id, file);
      } catch (error) {
        const code = error instanceof ApiError ? error.code : null;
        if (code !== 'unsupported_media_type' && code !== 'payload_too_large') throw error;
        this.fileError = code === 'payload_too_large' ? tooBig() : msg('profile.avatarType');
      }
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-profile-editor': VolleyProfileEditor;
  }
}
