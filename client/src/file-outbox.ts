/**
 * Messages with files (docs/protocol.md, "Attachments"): the files are uploaded first, then the
 * send goes, naming them, through the op sender (op frames or the outbox), under the id it was
 * given at once. Until then the message waits here, kept like the op queue in the client's storage
 * (a local document that is never synced) with its files' bytes in a `BlobStash` (IndexedDB in the
 * PWA): offline, through a reload or a closed tab, it goes when the network returns. Each file's
 * upload is recorded as soon as the server answers it, and its bytes let go, so a retry never sends
 * an uploaded file again; the send is handed over only once every file is uploaded or refused, so
 * no message names a file that is not there; the op's id makes its delivery happen once. A file the
 * server refuses (too large, over the quota, a type not allowed: `error` names why and the limit)
 * leaves the message with its other files and its text; with neither left it is not sent, and stays
 * to be seen until discarded. A message sent without some of its files keeps them in `refused()`,
 * to be told beside it until dismissed. One upload at a time, in the messages' order.
 *
 * Nothing is lost between the two queues: a message is uploaded only once it is in storage (a file
 * or the message that could not be written is taken back and `PendingOp.stored` rejects with a
 * `LocalWriteError`), and it leaves this queue only once the send queue has stored its send, so a
 * crash between the two leaves it in both and it is handed over again, under its id, answered once.
 *
 * In an end-to-end encrypted conversation (`sealed`) the same queue carries the message, offline
 * too: each file is encrypted with a key of its own as it is uploaded, and the words with the files'
 * keys once every file is, by the `FileSealer` the caller gives (the crypto is its own, loaded when
 * first needed); a message is never sent unencrypted for want of one, it waits.
 */
import { newId, type EncryptedContent, type OutboxOp, type UploadedAttachment } from '@volley/shared';
import * as Y from 'yjs';
import { ApiError } from './api-error.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import type { SealedFile } from './e2ee/sealed-file.js';
import type { BlobStash } from './file-stash.js';
import { Listeners } from './listeners.js';
import { PendingOp, type OpSender, type Outcome } from './outbox.js';
import { LocalWriteError, type DocStorage, type LocalCopy } from './storage.js';
import type { UploadOptions } from './upload.js';

export interface OutgoingFile {
  /** Its bytes' key in the stash, until uploaded. */
  key: string;
  name: string;
  size: number;
  /** The browser's guess (for an icon while it waits); the server decides by the bytes. */
  type: string;
  /** Once uploaded. */
  attachment?: UploadedAttachment;
  /** Once uploaded into an encrypted conversation: what its message tells its readers, the key that opens it included. */
  sealed?: SealedFile;
  /** Refused by the server: its error code, and the limit in bytes when it has one. */
  error?: { code: string; limit?: number };
}

export interface OutgoingMessage {
  convId: string;
  body: string;
  kind?: 'text' | 'me';
  replyTo?: string;
  files: OutgoingFile[];
  /** Client clock when the user sent it. */
  at: string;
  /** Nothing was left to send (every file refused, no text): kept until discarded. */
  failed?: true;
  /** For an end-to-end encrypted conversation: its files and words are encrypted on their way (`FileSealer`). */
  sealed?: true;
}

/** How a message of an end-to-end encrypted conversation is encrypted on its way out. */
export interface FileSealer {
  /** Encrypts one file with a key of its own and uploads the ciphertext: what the message will say of it. */
  upload(convId: string, file: Blob, name: string, options: UploadOptions): Promise<SealedFile>;
  /** The message's words and files (every one uploaded), encrypted for the conversation's members. */
  seal(id: string, message: OutgoingMessage, files: SealedFile[]): Promise<EncryptedContent>;
}

/** The files the server refused from a message that was sent without them. */
export interface RefusedFiles {
  convId: string;
  files: OutgoingFile[];
}

export interface FileOutboxOptions {
  /** Whose messages: kept per account. */
  userId: string;
  storage: DocStorage;
  stash: BlobStash;
  api: { upload(convId: string, file: Blob, name: string, options?: UploadOptions): Promise<UploadedAttachment> };
  /** Where the send goes once its files are uploaded. */
  ops(): OpSender;
  /** What encrypts a `sealed` message's files and words; without it such a message waits. */
  sealer?: () => Promise<FileSealer>;
}

export class FileOutbox {
  /** The waiting messages changed (a file uploaded, refused, cancelled; a message handed over). */
  readonly changed = new Listeners<[]>();
  /** Bytes of a file sent so far: message id, file key, sent, total. */
  readonly progress = new Listeners<[id: string, key: string, sent: number, total: number]>();
  /** A message could not be written to local storage: it was taken back (its `stored` rejects with the same error). */
  readonly writeFailed = new Listeners<[LocalWriteError]>();
  readonly loaded: Promise<void>;
  readonly #doc = new Y.Doc();
  readonly #messages = this.#doc.getMap<OutgoingMessage>('messages');
  readonly #refused = this.#doc.getMap<RefusedFiles>('refused');
  readonly #copy: LocalCopy;
  readonly #waiting = new Map<string, ((outcome: Outcome | PromiseLike<Outcome>) => void)[]>();
  /** Messages whose files are being stored, not in `entries()` yet. */
  readonly #keeping = new Map<string, Promise<void>>();
  /** Messages handed to the send queue, until it stored them. */
  readonly #handing = new Set<string>();
  /** The upload in flight. */
  #current: { id: string; key: string; abort: AbortController } | null = null;
  #running = false;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(private readonly options: FileOutboxOptions) {
    this.#copy = options.storage.open(`fileq.${options.userId}`, this.#doc);
    this.#messages.observe(() => this.changed.emit());
    this.#refused.observe(() => this.changed.emit());
    this.loaded = this.#copy.loaded.catch(() => undefined).then(() => this.#kick());
  }

  /**
   * Sends `body` with `files` (the caption may be empty): kept at once, uploaded and sent when the
   * network allows. Its id is the message's; it shows in `entries()` once its files are stored.
   */
  send(convId: string, body: string, files: { blob: Blob; name: string }[], extra: { kind?: 'text' | 'me'; replyTo?: string; sealed?: true } = {}, id = newId()): PendingOp {
    const kept = this.#keep(id, { convId, body, ...extra }, files);
    this.#keeping.set(id, kept);
    const forget = () => this.#keeping.delete(id);
    kept.then(
      () => {
        forget();
        this.#kick();
      },
      forget,
    );
    return new PendingOp(id, kept.then(() => this.outcome(id)), kept);
  }

  /** The files' bytes, then the message naming them, in storage; taken back when a write failed. */
  async #keep(id: string, message: Pick<OutgoingMessage, 'convId' | 'body' | 'kind' | 'replyTo' | 'sealed'>, files: { blob: Blob; name: string }[]): Promise<void> {
    await this.loaded;
    const outgoing = files.map(({ blob, name }, n): OutgoingFile => ({ key: `${id}.${n}`, name, size: blob.size, type: blob.type }));
    try {
      // The bytes are kept before the message that names them.
      for (const [n, { blob }] of files.entries()) await this.options.stash.put(outgoing[n]!.key, blob);
      this.#messages.set(id, { ...message, files: outgoing, at: new Date().toISOString() });
      await this.#copy.written();
    } catch (cause) {
      this.#messages.delete(id);
      await Promise.all(outgoing.map((file) => this.options.stash.delete(file.key).catch(() => undefined)));
      const error = new LocalWriteError(id, cause);
      this.writeFailed.emit(error);
      throw error;
    }
  }

  /** Messages waiting for their files, by id. */
  entries(): ReadonlyMap<string, OutgoingMessage> {
    return new Map(this.#messages.entries());
  }

  /** Messages sent without some of their files, by id: the files refused, with why. */
  refused(): ReadonlyMap<string, RefusedFiles> {
    return new Map(this.#refused.entries());
  }

  /** The refused files of a sent message were seen: forgotten. */
  dismiss(id: string): void {
    this.#refused.delete(id);
  }

  /** The send's outcome, once its files are done and the server decided it. */
  outcome(id: string): Promise<Outcome> {
    const message = this.#messages.get(id);
    if (!message) return this.options.ops().outcome(id);
    if (message.failed) return Promise.resolve(refused(id, message));
    return new Promise((resolve) => this.#waiting.set(id, [...(this.#waiting.get(id) ?? []), resolve]));
  }

  /**
   * Takes one file out of a waiting message (stopping its upload), or the whole message without
   * `key`. A message left with no file and no text is dropped.
   */
  async cancel(id: string, key?: string): Promise<void> {
    await this.#keeping.get(id)?.catch(() => undefined);
    const message = this.#messages.get(id);
    if (!message || this.#handing.has(id)) return;
    const dropped = key === undefined ? message.files : message.files.filter((file) => file.key === key);
    const files = message.files.filter((file) => !dropped.includes(file));
    if (this.#current?.id === id && (key === undefined || this.#current.key === key)) this.#current.abort.abort();
    if (key === undefined || (files.length === 0 && message.body.trim() === '')) this.#messages.delete(id);
    else this.#messages.set(id, { ...message, files });
    await Promise.all(dropped.map((file) => this.options.stash.delete(file.key)));
    if (!this.#messages.has(id)) this.#resolve(id, refused(id, message, 'cancelled'));
    this.#kick();
  }

  /** The network is back: a waiting upload is tried now. */
  online(): void {
    this.#attempt = 0;
    clearTimeout(this.#retry);
    this.#kick();
  }

  /** Stops (an upload in flight is abandoned, and made again next time); what waits stays in storage. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#current?.abort.abort();
    await this.#copy.close();
    this.#doc.destroy();
  }

  #kick(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    void this.#run().finally(() => {
      this.#running = false;
    });
  }

  /** Works through the messages in id order until done, or until the network fails (then again later). */
  async #run(): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      const next = [...this.#messages.entries()].filter(([id, message]) => !message.failed && !this.#keeping.has(id) && !this.#handing.has(id)).sort(([a], [b]) => (a < b ? -1 : 1))[0];
      if (!next) return;
      const [id, message] = next;
      const file = message.files.find((f) => !f.attachment && !f.error);
      if (!file) {
        this.#handOver(id, message);
        continue;
      }
      const stopped = await this.#upload(id, message, file);
      if (stopped) return;
    }
  }

  /** Uploads one file and records its fate; true when the network failed and the work must wait. */
  async #upload(id: string, { convId, sealed }: OutgoingMessage, file: OutgoingFile): Promise<boolean> {
    const blob = await this.options.stash.get(file.key);
    // Cancelled meanwhile.
    if (!this.#messages.get(id)?.files.some((f) => f.key === file.key)) return false;
    if (!blob) {
      this.#update(id, file.key, { error: { code: 'not_found' } });
      return false;
    }
    const abort = new AbortController();
    this.#current = { id, key: file.key, abort };
    try {
      const options: UploadOptions = { signal: abort.signal, onProgress: (sent, total) => this.progress.emit(id, file.key, sent, total) };
      if (sealed) {
        const about = await (await this.#sealer()).upload(convId, blob, file.name, options);
        this.#update(id, file.key, { attachment: { id: about.id, name: about.name, type: about.type, size: about.size }, sealed: about });
      } else this.#update(id, file.key, { attachment: await this.options.api.upload(convId, blob, file.name, options) });
      this.#attempt = 0;
    } catch (error) {
      if (abort.signal.aborted) return false;
      if (!(error instanceof ApiError) || error.isTransient || error.code === 'token_expired' || error.code === 'unauthenticated') {
        this.#later();
        return true;
      }
      this.#update(id, file.key, { error: { code: error.code, ...(error.limit !== undefined && { limit: error.limit }) } });
    } finally {
      this.#current = null;
    }
    // Its bytes let go once its fate is in storage: a restart before would need them again.
    if (await this.#copy.written().then(() => true, () => false)) await this.options.stash.delete(file.key);
    return false;
  }

  #update(id: string, key: string, change: Partial<OutgoingFile>): void {
    const message = this.#messages.get(id);
    if (!message) return;
    this.#messages.set(id, { ...message, files: message.files.map((file) => (file.key === key ? { ...file, ...change } : file)) });
  }

  /** Every file uploaded or refused: the send goes under the message's id (its words and files encrypted first when `sealed`), or nothing is left to send. */
  #handOver(id: string, message: OutgoingMessage): void {
    const attachments = message.files.flatMap((file) => (file.attachment ? [file.attachment.id] : []));
    if (attachments.length === 0 && message.body.trim() === '') {
      this.#messages.set(id, { ...message, failed: true });
      return this.#resolve(id, refused(id, message));
    }
    const { convId, body, kind, replyTo } = message;
    const to = { op: 'send', convId, ...(replyTo && { replyTo }), ...(attachments.length > 0 && { attachments }) } as const;
    // An encrypted message carries its words and kind inside.
    const op: Promise<OutboxOp> = message.sealed
      ? this.#sealer()
          .then((sealer) => sealer.seal(id, message, message.files.flatMap((file) => (file.sealed ? [file.sealed] : []))))
          .then((encrypted) => ({ ...to, body: '', encrypted }))
      : Promise.resolve({ ...to, body, ...(kind && { kind }) });
    const refusedFiles = message.files.filter((file) => file.error);
    this.#handing.add(id);
    // Out of here once the send queue stored it: a crash before leaves it in both, handed over again under the same id, which the server answers once.
    op.then((op) => {
      const sent = this.options.ops().queue(op, id);
      // Boxed: a pending op is awaitable (its outcome), and would be awaited here.
      return sent.stored.then(() => ({ sent }));
    }).then(
      ({ sent }) => {
        this.#handing.delete(id);
        this.#doc.transact(() => {
          this.#messages.delete(id);
          if (refusedFiles.length > 0) this.#refused.set(id, { convId, files: refusedFiles });
        });
        this.#resolve(id, sent.outcome);
      },
      () => {
        // Not encrypted (no network to share the keys) or not stored there (the send queue took it back): it waits here, and is handed over again later.
        this.#handing.delete(id);
        this.#later();
      },
    );
  }

  /** What encrypts a `sealed` message: a message never goes unencrypted for want of one. */
  async #sealer(): Promise<FileSealer> {
    const sealer = await this.options.sealer?.();
    if (!sealer) throw new Error('no sealer: an encrypted message cannot be sent');
    return sealer;
  }

  /** The work is tried again after a backoff. */
  #later(): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => this.#kick(), backoffDelay(this.#attempt++, DEFAULT_BACKOFF));
  }

  #resolve(id: string, outcome: Outcome | Promise<Outcome>): void {
    const waiting = this.#waiting.get(id) ?? [];
    this.#waiting.delete(id);
    for (const resolve of waiting) resolve(outcome);
  }
}

/** The outcome of a message that was not sent: its first refused file's error, or `cancelled`. */
function refused(id: string, message: OutgoingMessage, why?: string): Outcome {
  return { id, status: 'rejected', reason: 'attachment_unavailable', detail: why ?? message.files.find((file) => file.error)?.error?.code ?? 'cancelled' };
}
