/**
 * End-to-end encrypted conversations in the app (docs/architecture.md §11): this browser profile's
 * device (the client library's `CryptoDevice`, its keys in IndexedDB under the account's name), the
 * messages it read kept in the local database (`decrypted`) so that a conversation opens without
 * decrypting again, offline too, and sends encrypted before they are queued. A chunk of its own with
 * the crypto machine's WebAssembly: fetched only when an encrypted conversation is shown.
 */
import { CryptoDevice, syncOnInboxSignal, type SealedFile, type SecretMessage } from '@volley/client/e2ee';
import type { FileSealer, PendingOp, VolleyClient } from '@volley/client';
import { newId, type Conversation, type EncryptedContent, type MessageSticker } from '@volley/shared';
import type { ComposerResult } from '../chat/commands.js';
import { isCommandLine } from '../chat/command-line.js';
import { readTimeline } from '../chat/encrypted-timeline.js';
import { storedOutcome } from '../chat/stored-outcome.js';
import type { TimelineItem } from '../chat/timeline.js';
import type { DecryptedMessage, VolleyDB } from '../db/db.js';
import { cryptoStoreName } from './store-names.js';
import { sendToNewDevices, unseenDevices } from './new-devices.js';
import { indexDecrypted } from './decrypted-words.js';
import { keepRead, readAgain, readAll, type ReadRow, type Sealed } from './reading.js';
import { uploadFile } from './sealed-files.js';
import { watchVerifications } from './verify.js';
import { msg } from '../i18n/i18n.js';
import { everyMember } from '../services/members-now.js';

/** The device of each signed-in account, opened once. */
const devices = new Map<string, Promise<CryptoDevice>>();

/** This profile's device for the signed-in account: opened from its store, or made (and its keys uploaded) the first time. */
export function deviceOf(volley: VolleyClient, db: VolleyDB): Promise<CryptoDevice> {
  // Every write of what this device reads comes after this: the table keeps each row's words from then on.
  void indexDecrypted(db);
  const user = volley.user;
  if (!user) return Promise.reject(new Error('not signed in'));
  let device = devices.get(user.id);
  if (!device) {
    device = openDevice(volley, db, user.id);
    devices.set(user.id, device);
    // A failure (offline before the device was ever made) is tried again by the next caller.
    device.catch(() => devices.delete(user.id));
  }
  return device;
}

/**
 * Closes and forgets the devices opened here: signed out, their stores are deleted with the rest of
 * the local data (the deletion waits for them to close), and the next sign-in makes a new one.
 */
export function forgetDevices(): void {
  for (const device of devices.values()) void device.then((opened) => opened.close(), () => undefined);
  devices.clear();
}

async function openDevice(volley: VolleyClient, db: VolleyDB, userId: string): Promise<CryptoDevice> {
  const record = await db.transaction('rw', db.cryptoDevices, async () => {
    const known = await db.cryptoDevices.get(userId);
    if (known) return known;
    const made = { userId, deviceId: `web-${newId()}`, passphrase: randomPassphrase() };
    await db.cryptoDevices.put(made);
    return made;
  });
  const device = await CryptoDevice.open({ api: volley.api, userId, deviceId: record.deviceId, store: { name: cryptoStoreName(userId), passphrase: record.passphrase } });
  syncOnInboxSignal(volley.userRoom(), device, () => readAgain(db, device, userId));
  watchVerifications(db, device, userId);
  return device;
}

function randomPassphrase(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Reads the messages not read yet (or whose ciphertext changed: an edit) and keeps what each says,
 * or why it could not be read; a message whose key had not arrived is tried again on the next call.
 */
export async function decryptInto(volley: VolleyClient, db: VolleyDB, convId: string, messages: readonly Sealed[]): Promise<void> {
  if (messages.length === 0) return;
  const device = await deviceOf(volley, db);
  // Keys may have arrived since the last try: read the inbox first (offline, what is here is used).
  await device.sync().catch(() => undefined);
  await keepRead(db, await readAll(device, convId, messages, volley.user?.id));
}

/** On a later device: the recovery key opens the owner's keys and the backup; then what waited for a key is read. False: not this account's key. */
export async function restoreHistory(volley: VolleyClient, db: VolleyDB, recoveryKey: string): Promise<boolean> {
  const device = await deviceOf(volley, db);
  if (!(await device.recover(recoveryKey))) return false;
  const userId = volley.user?.id;
  if (userId) await readAgain(db, device, userId);
  return true;
}

/** A queued op, boxed: a `PendingOp` is awaitable (its outcome), so an async function cannot return it bare. */
export interface Queued {
  pending: PendingOp;
}

/** The people whose devices a message of the conversation is encrypted for. */
export type MemberIds = () => Promise<string[]>;

/**
 * Encrypts the words (and the files' descriptions) for the members' devices and keeps them readable
 * here under the message's id. Offline it works with the conversation's current session; a
 * device not yet known to share it with is the one thing that needs the network, and then the
 * call fails with the text left to the caller.
 */
export async function sealMessage(volley: VolleyClient, db: VolleyDB, convId: string, members: MemberIds, id: string, text: string, options: { emote?: boolean; files?: SealedFile[]; sticker?: MessageSticker } = {}): Promise<EncryptedContent> {
  const device = await deviceOf(volley, db);
  const files = options.files?.length ? options.files : undefined;
  const { sticker } = options;
  const message: SecretMessage = { body: text, msgtype: options.emote ? 'm.emote' : 'm.text', ...(files && { files }), ...(sticker && { sticker }) };
  const encrypted = await device.encrypt(convId, await members(), message);
  await keepRead(db, [written(volley, id, convId, encrypted, text, { files, sticker })], id);
  return encrypted;
}

/** What I wrote, as this device keeps it: read, mine, its author sure. */
function written(volley: VolleyClient, id: string, convId: string, encrypted: EncryptedContent, text: string, { files, sticker }: { files?: SealedFile[]; sticker?: MessageSticker }): ReadRow {
  return { id, convId, cipher: encrypted.ciphertext, author: volley.user?.id ?? '', body: text, me: true, trust: 'verified', ...(files && { files }), ...(sticker && { sticker }) };
}

/** My words encrypted (`sealMessage`), then queued as an op (the library's outbox, exactly once). */
export async function sendEncrypted(volley: VolleyClient, db: VolleyDB, convId: string, members: MemberIds, text: string, options: { emote?: boolean; replyTo?: string; sticker?: MessageSticker } = {}): Promise<Queued> {
  const id = newId();
  const encrypted = await sealMessage(volley, db, convId, members, id, text, options);
  return { pending: volley.outbox().queue({ op: 'send', convId, body: '', encrypted, ...(options.replyTo && { replyTo: options.replyTo }) }, id) };
}

/**
 * Whom a message of the conversation is encrypted for: its members as the server has them now, but
 * those I block. A member removed or blocked a moment ago gets nothing more: the machine renews the
 * conversation's key when someone it was shared with is left out, so what follows is not theirs
 * to read (the old key would read on, as Megolm's ratchet only moves forward).
 */
async function recipients(volley: VolleyClient, db: VolleyDB, convId: string): Promise<string[]> {
  const [members, blocked] = await Promise.all([everyMember(volley.api, db, convId), db.blocks.toArray()]);
  const out = new Set(blocked.map((block) => block.user.id));
  return members.filter((id) => !out.has(id));
}

/**
 * The file outbox's sealer (client-step.ts): a message with files in an encrypted conversation
 * waits there like any other, offline and through a restart, and is encrypted on its way — each
 * file as it is uploaded (sealed-files.ts), then its words with the files' keys, for the members
 * the server lists then.
 */
export function fileSealer(volley: VolleyClient, db: VolleyDB): FileSealer {
  return {
    upload: (convId, file, name, options) => uploadFile(volley, convId, file, name, options),
    seal: (id, { convId, body, kind }, files) => sealMessage(volley, db, convId, () => recipients(volley, db, convId), id, body, { emote: kind === 'me', files }),
  };
}

/**
 * An edit of my encrypted message: the new text encrypted, kept readable here, then queued. Its
 * files go with it again: the new ciphertext replaces the whole of what its readers read.
 */
export async function editEncrypted(volley: VolleyClient, db: VolleyDB, convId: string, members: MemberIds, messageId: string, text: string): Promise<Queued> {
  const device = await deviceOf(volley, db);
  const files = (await db.decrypted.get(messageId))?.files;
  const encrypted = await device.encrypt(convId, await members(), { body: text, msgtype: 'm.text', ...(files && { files }) });
  await keepRead(db, [written(volley, messageId, convId, encrypted, text, { files })]);
  return { pending: volley.outbox().editEncrypted(convId, messageId, encrypted) };
}

/**
 * The open encrypted conversation's side of this module (volley-conversation): its log as this
 * device reads it, and what I write in it encrypted before it is queued.
 */
export class SealedConversation {
  readonly convId: string;
  /** Messages handed to the device and not back yet: each ciphertext is asked for once. */
  readonly #reading = new Set<string>();
  #last: { items: readonly TimelineItem[]; read: ReadonlyMap<string, DecryptedMessage>; shown: TimelineItem[] } | null = null;

  constructor(
    private readonly volley: VolleyClient,
    private readonly db: VolleyDB,
    private readonly conversation: Conversation,
    private readonly myId: string,
  ) {
    this.convId = conversation.id;
  }

  /** The log with each encrypted message's text (or why none); what has not been read yet is handed to the device. */
  view(items: TimelineItem[], read: ReadonlyMap<string, DecryptedMessage>): TimelineItem[] {
    if (this.#last?.items === items && this.#last.read === read) return this.#last.shown;
    const { items: shown, toRead } = readTimeline(items, read);
    this.#last = { items, read, shown };
    const fresh = toRead.filter((item) => !this.#reading.has(`${item.id}:${item.author}:${item.body}`));
    if (fresh.length > 0) {
      for (const item of fresh) this.#reading.add(`${item.id}:${item.author}:${item.body}`);
      decryptInto(this.volley, this.db, this.convId, fresh).catch(() => {
        // Not read now (the device could not open, offline the first time): asked again on a later render.
        for (const item of fresh) this.#reading.delete(`${item.id}:${item.author}:${item.body}`);
      });
    }
    return shown;
  }

  /**
   * The composer's text and files, encrypted and queued; `/me` is an action. The text and files stay
   * in the composer when they could not be. Null: a command that writes no words (an invitation,
   * help), run as anywhere.
   */
  async submit(text: string, files: readonly File[], replyTo: string | undefined): Promise<ComposerResult | null> {
    let body = text;
    let emote = false;
    if (isCommandLine(text)) {
      const { parseComposer } = await import('../chat/commands.js');
      const parsed = parseComposer(text);
      if (parsed.kind === 'command' && parsed.command.name === 'me') [body, emote] = [parsed.command.text, true];
      else if (parsed.kind !== 'message') return null;
    }
    const held = await this.#heldFor();
    if (held) return { ok: false, error: held };
    // With files, the message waits in the file outbox (offline too) and is encrypted on its way.
    if (files.length > 0) return storedOutcome(this.volley.files().send(this.convId, body, files.map((file) => ({ blob: file, name: file.name })), { ...(emote && { kind: 'me' as const }), ...(replyTo && { replyTo }), sealed: true }));
    return this.#send(body, { emote, ...(replyTo ? { replyTo } : {}) });
  }

  /** A sticker of the bank, named inside the encrypted message: the server learns nothing of which. */
  async sendSticker(sticker: MessageSticker, replyTo: string | undefined): Promise<ComposerResult> {
    const held = await this.#heldFor();
    if (held) return { ok: false, error: held };
    return this.#send(sticker.name, { sticker, ...(replyTo ? { replyTo } : {}) });
  }

  /** Encrypted, kept readable here, queued; or why not, what was written left to the composer. */
  async #send(body: string, options: Parameters<typeof sendEncrypted>[5]): Promise<ComposerResult> {
    const queued = await sendEncrypted(this.volley, this.db, this.convId, this.#memberIds, body, options).catch(() => null);
    return queued ? storedOutcome(queued.pending) : { ok: false, error: msg('e2ee.notEncrypted') };
  }

  /**
   * Why a DM's message is held, as its other person's devices stand (read once per send; offline
   * they are not known, and nothing is held): they have no device to read it yet (never opened
   * Volley since encryption came), so it would never be readable to them; or they have a new,
   * unverified device and I chose not to write to it yet.
   */
  async #heldFor(): Promise<string | null> {
    const peer = this.conversation.peer;
    if (!peer) return null;
    const name = peer.displayName || peer.username;
    const device = await deviceOf(this.volley, this.db);
    const devices = await device.devicesOf(peer.id).catch(() => null);
    if (!devices) return null;
    if (devices.length === 0) return msg('e2ee.noDevice', { name });
    const unseen = await unseenDevices(this.db, this.myId, peer, devices);
    if (unseen.length === 0 || (await sendToNewDevices(this.db, device, this.myId, { id: peer.id, name }, unseen))) return null;
    return msg('e2ee.newDeviceHeld', { name });
  }

  /** My message's new text, encrypted, then queued; resolves once stored. */
  async edit(messageId: string, text: string): Promise<void> {
    await (await editEncrypted(this.volley, this.db, this.convId, this.#memberIds, messageId, text)).pending.stored;
  }

  /** Who a message here is encrypted for: a DM's two people, a channel's members. */
  readonly #memberIds = async (): Promise<string[]> => {
    const peer = this.conversation.peer;
    if (peer) return [this.myId, peer.id];
    return recipients(this.volley, this.db, this.convId);
  };
}
