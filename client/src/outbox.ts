/**
 * The outbox (docs/protocol.md, "The outbox: how a client sends"): every change to a conversation
 * is an op under a new ULID in the user's own document — a local write, so it works offline and is
 * sent when a socket is open — and the server writes its outcome onto the entry. `Outbox` returns
 * each op as a `PendingOp`: its id at once, and its outcome when awaited. An op refused with
 * `rate_limited` is queued again under the same id (nothing of it was recorded, and a streamed
 * message's id must stay its stream's) once the retry time it carries has passed. Ops made
 * meanwhile are written at once, like any other: the server refuses them the same way while an
 * earlier one waits (each with its own time), so an account's ops keep their order and every op is
 * in the document — and its local copy — from the moment it is made (`PendingOp.stored`).
 */
import { newId, UserDoc, type Accent, type EncryptedContent, type GameSettings, type OutboxEntry, type OutboxOp, type RejectReason } from '@volley/shared';
import type * as Y from 'yjs';
import { Listeners } from './listeners.js';
import { LocalWriteError } from './storage.js';

export type Outcome = { id: string; status: 'accepted'; seq: number } | { id: string; status: 'rejected'; reason: RejectReason; detail?: string };

/** Queues an op stamped with the client's clock; returns its id (for a send, the message id). */
export function queueOp(userDoc: Y.Doc, op: OutboxOp, id = newId()): string {
  UserDoc.outbox(userDoc).set(id, { ...op, at: new Date().toISOString() });
  return id;
}

/** The op as the client wrote it, without the server's outcome fields. */
export function opOf(entry: OutboxEntry): OutboxOp {
  const { status: _s, seq: _q, reason: _r, detail: _d, at: _a, ...op } = entry;
  return op as OutboxOp;
}

/** The outcome written onto an entry, if the server decided it. */
export function outcomeOf(id: string, entry: OutboxEntry | undefined): Outcome | undefined {
  if (entry?.status === 'accepted' && typeof entry.seq === 'number') return { id, status: 'accepted', seq: entry.seq };
  if (entry?.status === 'rejected') return { id, status: 'rejected', reason: entry.reason ?? 'invalid_op', ...(entry.detail ? { detail: entry.detail } : {}) };
  return undefined;
}

/** When a `rate_limited` op may be sent again: its detail, an ISO 8601 time, when the server gives one. */
export function retryAt(entry: { detail?: string | undefined }, fallbackMs: number, now = Date.now()): number {
  const at = entry.detail ? Date.parse(entry.detail) : NaN;
  return Number.isFinite(at) ? Math.max(now, at) : now + fallbackMs;
}

/**
 * An op queued: its id now (a send's is the message id), its outcome when awaited, and `stored`,
 * which resolves once the op is in local storage (so it survives a reload or a killed process) and
 * rejects with a `LocalWriteError` when it could not be written. Where the op then was not sent
 * (op frames, files), the outcome rejects with the same error.
 */
export class PendingOp implements PromiseLike<Outcome> {
  constructor(
    readonly id: string,
    readonly outcome: Promise<Outcome>,
    readonly stored: Promise<void> = Promise.resolve(),
  ) {
    // Told to who awaits them; a caller that never does must not meet an unhandled rejection.
    outcome.catch(() => undefined);
    stored.catch(() => undefined);
  }

  // biome-ignore lint/suspicious/noThenProperty: a PendingOp is awaitable on purpose: `await outbox.send(…)` is its outcome.
  then<A = Outcome, B = never>(onAccepted?: ((value: Outcome) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.outcome.then(onAccepted, onRejected);
  }
}

const RATE_LIMIT_FALLBACK_MS = 1_000;

interface Waiting {
  resolve(outcome: Outcome): void;
}

/** The ops a client makes, each queued by `queue`: the outbox's, or op frames' (frame-outbox.ts). */
export abstract class OpSender {
  /** An op could not be written to local storage (its `stored` rejects with the same error). */
  readonly writeFailed = new Listeners<[LocalWriteError]>();

  send(convId: string, body: string, extra: { kind?: 'text' | 'me'; replyTo?: string } = {}): PendingOp {
    return this.queue({ op: 'send', convId, body, ...extra });
  }

  /** Sends a sticker of the bank (`api.stickerPacks()`): the message is the sticker, its body the sticker's name, set by the server. */
  sendSticker(convId: string, stickerId: string, extra: { replyTo?: string } = {}): PendingOp {
    return this.queue({ op: 'send', convId, body: '', sticker: stickerId, ...extra });
  }

  /**
   * Sends a message its device encrypted (`CryptoDevice.encrypt`, `@volley/client/e2ee`) into an
   * end-to-end encrypted conversation: queued and sent once like any other, its text never leaving the device readable;
   * `attachments`: its files' ciphertexts (`uploadSealed`), which the message names inside.
   */
  sendEncrypted(convId: string, encrypted: EncryptedContent, extra: { replyTo?: string; attachments?: string[] } = {}): PendingOp {
    return this.queue({ op: 'send', convId, body: '', encrypted, ...extra });
  }

  /** Replaces the text of one's own encrypted message with new ciphertext. */
  editEncrypted(convId: string, messageId: string, encrypted: EncryptedContent): PendingOp {
    return this.queue({ op: 'edit', convId, messageId, body: '', encrypted });
  }

  reply(convId: string, replyTo: string, body: string): PendingOp {
    return this.queue({ op: 'send', convId, body, replyTo });
  }

  edit(convId: string, messageId: string, body: string): PendingOp {
    return this.queue({ op: 'edit', convId, messageId, body });
  }

  delete(convId: string, messageId: string): PendingOp {
    return this.queue({ op: 'delete', convId, messageId });
  }

  react(convId: string, messageId: string, emoji: string, on = true): PendingOp {
    return this.queue({ op: 'react', convId, messageId, emoji, on });
  }

  /** Pins (`on`) or unpins a message: a DM's members, a channel's owner and admins. */
  pin(convId: string, messageId: string, on = true): PendingOp {
    return this.queue({ op: 'pin', convId, messageId, on });
  }

  /** The conversation's accent colour (null: the app's own): a DM's members, a channel's owner and admins. */
  setAccent(convId: string, accent: Accent | null): PendingOp {
    return this.queue({ op: 'accent', convId, accent });
  }

  invite(convId: string, to: string, settings?: GameSettings): PendingOp {
    return this.queue({ op: 'invite', convId, to, ...(settings ? { settings } : {}) });
  }

  /** Queues any op, under `id` (a stream's); its outcome when awaited. */
  abstract queue(op: OutboxOp, id?: string): PendingOp;

  /** The outcome of op `id`, once decided. */
  abstract outcome(id: string): Promise<Outcome>;

  /** `written` (the write that holds an op), as `PendingOp.stored`: its failure told, as a `LocalWriteError`. */
  protected stored(id: string, written: Promise<void>): Promise<void> {
    return written.catch((cause: unknown) => {
      const error = cause instanceof LocalWriteError ? cause : new LocalWriteError(id, cause);
      this.writeFailed.emit(error);
      throw error;
    });
  }
}

/** Where an outbox's document is kept: read from there first, and written to as ops are made. */
export interface OutboxCopy {
  readonly loaded: Promise<void>;
  written(): Promise<void>;
}

const IN_MEMORY: OutboxCopy = { loaded: Promise.resolve(), written: () => Promise.resolve() };

export class Outbox extends OpSender {
  /** Op id → who waits for its outcome. */
  readonly #waiting = new Map<string, Waiting>();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rate-limited op id → when it may be queued again (epoch ms). */
  readonly #notBefore = new Map<string, number>();
  readonly #map: Y.Map<OutboxEntry>;

  /** Use `outboxOf(doc)`: one outbox per document, so that a refused op is queued again once. */
  constructor(
    readonly userDoc: Y.Doc,
    private readonly copy: OutboxCopy = IN_MEMORY,
  ) {
    super();
    this.#map = UserDoc.outbox(userDoc);
    this.#map.observe((event) => event.keysChanged.forEach((id) => this.#decided(id)));
    // Refused for its rate before a reload, or written by another writer of this document: queued again all the same.
    void copy.loaded.then(() => {
      for (const [id, entry] of this.#map) if (entry.status === 'rejected' && entry.reason === 'rate_limited') void this.outcome(id);
    });
  }

  /**
   * Queues any op (under `id`: a stream's), written into the document at once: the document syncs
   * as it changes, so the op goes even when its local write fails (`stored` rejects: it would not
   * survive a restart).
   */
  override queue(op: OutboxOp, id = newId()): PendingOp {
    const outcome = this.outcome(id);
    queueOp(this.userDoc, op, id);
    return new PendingOp(id, outcome, this.stored(id, this.copy.written()));
  }

  /**
   * The outcome of op `id`, queued (again, under that id) unless the document has it once its local
   * copy is read: an op handed here before a restart whose write was lost. Once per id: the server
   * answers an op it decided before with its first outcome.
   */
  async ensure(op: OutboxOp, id: string): Promise<Outcome> {
    await this.copy.loaded;
    return this.#map.has(id) ? this.outcome(id) : this.queue(op, id).outcome;
  }

  /** The outcome of the op `id` (queued here, or before a reload), once decided; a rate-limited one's after its retries. */
  outcome(id: string): Promise<Outcome> {
    const decided = outcomeOf(id, this.#map.get(id));
    if (decided && !(decided.status === 'rejected' && decided.reason === 'rate_limited')) return Promise.resolve(decided);
    return new Promise((resolve) => {
      const earlier = this.#waiting.get(id);
      this.#waiting.set(id, {
        resolve: (outcome) => {
          earlier?.resolve(outcome);
          resolve(outcome);
        },
      });
      if (decided) this.#decided(id);
    });
  }

  #decided(id: string): void {
    const waiting = this.#waiting.get(id);
    const entry = this.#map.get(id);
    const outcome = outcomeOf(id, entry);
    if (!waiting || !entry || !outcome) return;
    if (outcome.status === 'rejected' && outcome.reason === 'rate_limited') {
      this.#notBefore.set(id, retryAt(entry, RATE_LIMIT_FALLBACK_MS));
      return this.#scheduleRetry();
    }
    this.#waiting.delete(id);
    waiting.resolve(outcome);
  }

  /** The rate-limited ops waited for, in their order, each with when it may be queued again. */
  #limited(): { id: string; at: number }[] {
    return [...this.#notBefore].filter(([id]) => this.#waiting.has(id)).map(([id, at]) => ({ id, at })).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Wakes when the first refused op may be queued again. */
  #scheduleRetry(): void {
    clearTimeout(this.#retryTimer);
    const limited = this.#limited();
    if (limited.length === 0) return void (this.#retryTimer = undefined);
    const first = Math.min(...limited.map(({ at }) => at));
    this.#retryTimer = setTimeout(() => this.#retry(), Math.max(0, first - Date.now()));
  }

  /**
   * Each refused op is queued again, under its id, once its own time has come (the server gives
   * each the time its token is there, so they go through as they come, not all at once against a
   * burst).
   */
  #retry(): void {
    const now = Date.now();
    const due = this.#limited().filter(({ at }) => at <= now);
    this.userDoc.transact(() => {
      for (const { id } of due) {
        this.#notBefore.delete(id);
        queueOp(this.userDoc, opOf(this.#map.get(id)!), id);
      }
    });
    this.#scheduleRetry();
  }
}

const outboxes = new WeakMap<Y.Doc, Outbox>();

/** The outbox of a user document, made on first use (with `copy`, where the document is kept): the app and the library share it. */
export function outboxOf(userDoc: Y.Doc, copy?: OutboxCopy): Outbox {
  let outbox = outboxes.get(userDoc);
  if (!outbox) outboxes.set(userDoc, (outbox = new Outbox(userDoc, copy)));
  return outbox;
}
