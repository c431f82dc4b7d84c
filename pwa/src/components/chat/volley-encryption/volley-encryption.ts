/**
 * An encrypted conversation's keys as this device holds them (docs/architecture.md §11), above its
 * messages: the account's recovery key made when its first device sets encryption up, offered in a
 * bar (never a dialog in the way of the conversation) until the person has seen it and says it is
 * saved; on a later device, until it holds the owner's keys, a bar offering to restore earlier
 * messages with that key or to verify this device with another of the owner's; while the other
 * person is not verified, a bar offering to compare emoji with them. Fetched with the first
 * encrypted conversation shown, like the crypto machine it opens.
 */
import { consume } from '@lit/context';
import type { VolleyClient } from '@volley/client';
import type { CryptoDevice } from '@volley/client/e2ee';
import type { Conversation } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { deviceOf, restoreHistory } from '../../../e2ee/e2ee.js';
import type { VolleyMessage } from '../volley-message/volley-message.js';
import { verifications, verifyDevice, verifyOwnDevice } from '../../../e2ee/verify.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { volleyContext } from '../../../services/client.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

type Step = { kind: 'idle' } | { kind: 'save'; key: string } | { kind: 'restore'; error: string | null; busy: boolean };

@customElement('volley-encryption')
export class VolleyEncryption extends LitElement {
  static override styles = [
    buttonStyles,
    dialogStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--volley-space-2);
        margin: 0;
        padding: var(--volley-space-2) var(--volley-space-3);
        border-bottom: 1px solid var(--volley-border);
        font-size: 0.875rem;
      }
      .bar span {
        flex: 1 1 12rem;
      }
      code {
        display: block;
        padding: var(--volley-space-2);
        border-radius: var(--volley-radius);
        background: var(--volley-surface);
        font-size: 1rem;
        overflow-wrap: anywhere;
        user-select: all;
      }
      input {
        width: 100%;
        box-sizing: border-box;
        font: inherit;
        padding: var(--volley-space-2);
      }
      p {
        margin: 0;
      }
      .error {
        color: var(--volley-danger);
      }
    `,
  ];

  @property({ attribute: false }) conversation: Conversation | null = null;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** Recovery as this device sees it; null until known. */
  @state() private recovery: 'none' | 'here' | 'elsewhere' | null = null;
  @state() private step: Step = { kind: 'idle' };
  /** The recovery key this device made, until the person says it is saved. */
  @state() private unsavedKey: string | null = null;
  /** A device of the other person's this device has not verified: the one the bar's "Verify" asks. */
  @state() private unverifiedPeer: string | null = null;
  @query('dialog') private dialog?: HTMLDialogElement;
  #checked = false;
  #device: CryptoDevice | null = null;
  #stop: (() => void) | null = null;
  #peerOf: string | undefined;

  protected override updated(): void {
    if (!this.#checked && this.conversation?.encrypted && this.volley?.user && this.db) {
      this.#checked = true;
      void this.#check();
    }
    if (this.#device && this.#peerOf !== this.conversation?.id) void this.#checkPeer();
  }

  /** Where a message's "Not verified" asks (`verify-author`): the conversation around me, whose log holds the messages. */
  #around: Node | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    verifications.addEventListener('verified', this.#recheck);
    this.#around = this.getRootNode();
    this.#around.addEventListener('verify-author', this.#onVerifyAuthor);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    verifications.removeEventListener('verified', this.#recheck);
    this.#around?.removeEventListener('verify-author', this.#onVerifyAuthor);
    this.#stop?.();
    this.#stop = null;
  }

  readonly #recheck = (): void => {
    void this.#checkPeer();
    void this.#device?.recoveryState().then((recovery) => (this.recovery = recovery), () => undefined);
  };

  /** Whether the other person's devices are all verified, as of the device's last read of its inbox. */
  async #checkPeer(): Promise<void> {
    const device = this.#device;
    const conversation = this.conversation;
    // Another conversation: the last one's device is not this one's to verify.
    if (this.#peerOf !== conversation?.id) this.unverifiedPeer = null;
    this.#peerOf = conversation?.id;
    const peer = conversation?.peer;
    if (!device || !peer) return;
    const devices = await device.devicesOf(peer.id, { sync: false }).catch(() => null);
    if (devices && this.conversation?.id === conversation.id) this.unverifiedPeer = devices.find((one) => !one.verified)?.deviceId ?? null;
  }

  async #check(): Promise<void> {
    const { volley, db } = this;
    if (!volley || !db) return;
    try {
      const device = await deviceOf(volley, db);
      this.#device = device;
      // Each read of the inbox may bring the other person's devices, or one verified.
      this.#stop ??= device.verifications.onChange(() => void this.#checkPeer());
      void this.#checkPeer();
      this.recovery = await device.recoveryState();
      const userId = volley.user!.id;
      if (this.recovery === 'none') {
        const key = await device.setUpRecovery();
        // Kept before it is offered: a reload before the person has seen it must not lose it.
        await db.cryptoDevices.update(userId, { recoveryKey: key });
        this.recovery = 'here';
      }
      this.unsavedKey = (await db.cryptoDevices.get(userId))?.recoveryKey ?? null;
    } catch {
      // Offline before the device was made: asked again when the conversation is shown next.
      this.#checked = false;
    }
  }

  async #show(step: Step): Promise<void> {
    this.step = step;
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  protected override render() {
    const peer = this.conversation?.peer;
    const unsaved = this.unsavedKey;
    return html`${unsaved
        ? html`<p class="bar" data-testid="save-key-bar"><span>${msg('e2ee.saveBar')}</span>
            <button type="button" class="small" @click=${() => void this.#show({ kind: 'save', key: unsaved.replace(/(.{4})(?=.)/g, '$1 ') })}>${msg('e2ee.showKey')}</button></p>`
        : nothing}
      ${this.recovery === 'elsewhere'
        ? html`<p class="bar" data-testid="restore-bar"><span>${msg('e2ee.restoreBar')}</span>
            <button type="button" class="secondary small" @click=${() => void this.#show({ kind: 'restore', error: null, busy: false })}>${msg('e2ee.restore')}</button>
            <button type="button" class="secondary small" @click=${() => void this.#verify(null)}>${msg('verify.ownDevice')}</button></p>`
        : nothing}
      ${peer && this.unverifiedPeer && !peer.bot
        ? html`<p class="bar" data-testid="verify-bar"><span>${msg('verify.peerBar', { name: peer.displayName || peer.username })}</span>
            <button type="button" class="secondary small" @click=${() => void this.#verify(this.unverifiedPeer)}>${msg('verify.start')}</button></p>`
        : nothing}
      <dialog aria-labelledby="e2ee-title" @close=${() => (this.step = { kind: 'idle' })}>${this.#dialog()}</dialog>`;
  }

  #dialog() {
    const step = this.step;
    if (step.kind === 'save')
      return html`<div class="dialog-body">
        <h2 id="e2ee-title">${msg('e2ee.saveTitle')}</h2>
        <p>${msg('e2ee.saveText')}</p>
        <code data-testid="recovery-key">${step.key}</code>
        <div class="buttons">
          <button type="button" @click=${() => void navigator.clipboard?.writeText(step.key).catch(() => undefined)}>${msg('e2ee.copy')}</button>
          <button type="button" class="secondary" data-testid="recovery-saved" @click=${this.#saved}>${msg('e2ee.saved')}</button>
        </div>
      </div>`;
    if (step.kind === 'restore')
      return html`<form class="dialog-body" @submit=${this.#restore}>
        <h2 id="e2ee-title">${msg('e2ee.restoreTitle')}</h2>
        <label for="recovery-key">${msg('e2ee.restoreLabel')}</label>
        <input id="recovery-key" name="key" autocomplete="off" spellcheck="false" required />
        ${step.error ? html`<p class="error" role="alert">${step.error}</p>` : nothing}
        <div class="buttons">
          <button type="submit" ?disabled=${step.busy}>${msg('e2ee.restore')}</button>
          <button type="button" class="secondary" @click=${() => this.dialog?.close()}>${msg('common.cancel')}</button>
        </div>
      </form>`;
    return nothing;
  }

  /**
   * From a message's "Not verified": compares emoji with the author — the other person's device this
   * one has not verified, or (a message of mine from another device) another of mine.
   */
  /** The message's author: the event comes from its element (volley-message). */
  readonly #onVerifyAuthor = (event: Event): void => {
    const author = (event.composedPath().find((el) => (el as Element).localName === 'volley-message') as VolleyMessage | undefined)?.item?.author;
    if (author) void this.#verifyAuthor(author);
  };

  async #verifyAuthor(userId: string): Promise<void> {
    const peer = this.conversation?.peer;
    if (userId === this.volley?.user?.id) return this.#verify(null);
    if (!peer || userId !== peer.id) return;
    if (!this.unverifiedPeer) await this.#checkPeer();
    if (this.unverifiedPeer) await this.#verify(this.unverifiedPeer);
  }

  /** Compares emoji with the other person's device, or (null) with another of mine. */
  async #verify(peerDevice: string | null): Promise<void> {
    const { volley, db } = this;
    const peer = this.conversation?.peer;
    const me = volley?.user?.id;
    const device = this.#device;
    if (!db || !me || !device) return;
    if (peerDevice && peer) await verifyDevice(db, device, me, peer.id, peerDevice).catch(() => undefined);
    else await verifyOwnDevice(db, device, me).catch(() => undefined);
  }

  /** The person says the key is saved: it is not kept or offered again. */
  readonly #saved = async (): Promise<void> => {
    this.dialog?.close();
    this.unsavedKey = null;
    const userId = this.volley?.user?.id;
    if (userId) await this.db?.cryptoDevices.update(userId, { recoveryKey: undefined });
  };

  readonly #restore = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const { volley, db } = this;
    const key = new FormData(event.target as HTMLFormElement).get('key');
    if (!volley || !db || typeof key !== 'string') return;
    this.step = { kind: 'restore', error: null, busy: true };
    const restored = await restoreHistory(volley, db, key).catch(() => null);
    if (restored) {
      this.recovery = 'here';
      this.dialog?.close();
    } else this.step = { kind: 'restore', error: msg(restored === false ? 'e2ee.wrongKey' : 'error.unknown'), busy: false };
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-encryption': VolleyEncryption;
  }
}
