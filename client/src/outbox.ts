/**
 * The outbox (docs/protocol.md, "The outbox: how a client sends"): every change to a conversation
 * is an op under a new ULID in the user's own document — a local write, so it works offline and is
 * sent when a socket is open — and the server writes its outcome onto the entry. `Outbox` returns
 * each op as a `PendingOp`: its id at once, and its outcome when awaited. An op refused with
 * `rate_limited` is queued again under the same id (nothing of it was recorded, and a streamed
 * message's id must stay its stream's) once the retry time it carries has passed; ops made
 * meanwhile wait behind the refused ones, so an account's ops keep their order.
 */
import { newId, UserDoc, type Accent, type GameSettings, type OutboxEntry, type OutboxOp, type RejectReason } from '@volley/shared';
import type * as Y from 'yjs';

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

/** An op queued: its id now (a send's is the message id), its outcome when awaited. */
export class PendingOp implements PromiseLike<Outcome> {
  constructor(
    readonly id: string,
    readonly outcome: Promise<Outcome>,
  ) {}

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
  send(convId: string, body: string, extra: { kind?: 'text' | 'me'; replyTo?: string } = {}): PendingOp {
    return this.queue({ op: 'send', convId, body, ...extra });
  }

  /** Sends a sticker of the bank (`api.stickerPacks()`): the message is the sticker, its body the sticker's name, set by the server. */
  sendSticker(convId: string, stickerId: string, extra: { replyTo?: string } = {}): PendingOp {
    return this.queue({ op: 'send', convId, body: '', sticker: stickerId, ...extra });
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
}

export class Outbox extends OpSender {
  /** Op id → who waits for its outcome. */
  readonly #waiting = new Map<string, Waiting>();
  /** Ops made while rate-limited ones wait: queued after them. */
  #held: { op: OutboxOp; id: string }[] = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rate-limited op id → when it may be queued again (epoch ms). */
  readonly #notBefore = new Map<string, number>();
  readonly #map: Y.Map<OutboxEntry>;

  /** Use `outboxOf(doc)`: one outbox per document, so that a refused op is queued again once. */
  constructor(readonly userDoc: Y.Doc) {
    super();
    this.#map = UserDoc.outbox(userDoc);
    this.#map.observe((event) => event.keysChanged.forEach((id) => this.#decided(id)));
    // Refused for its rate before a reload, or written by another writer of this document: queued again all the same.
    for (const [id, entry] of this.#map) if (entry.status === 'rejected' && entry.reason === 'rate_limited') void this.outcome(id);
  }

  /** Queues any op (under `id`: a stream's); while rate-limited ops wait for their retry, it waits behind them. */
  override queue(op: OutboxOp, id = newId()): PendingOp {
    const outcome = this.outcome(id);
    if (this.#retryTimer !== undefined) this.#held.push({ op, id });
    else queueOp(this.userDoc, op, id);
    return new PendingOp(id, outcome);
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
   * burst); the ops held meanwhile follow the last of them.
   */
  #retry(): void {
    const now = Date.now();
    const limited = this.#limited();
    const due = limited.filter(({ at }) => at <= now);
    const held = due.length === limited.length ? this.#held.splice(0) : [];
    this.userDoc.transact(() => {
      for (const { id } of due) {
        this.#notBefore.delete(id);
        queueOp(this.userDoc, opOf(this.#map.get(id)!), id);
      }
      for (const { op, id } of held) queueOp(this.userDoc, op, id);
    });
    this.#scheduleRetry();
  }
}

const outboxes = new WeakMap<Y.Doc, Outbox>();

/** The outbox of a user document, made on first use: the app and the library share it. */
export function outboxOf(userDoc: Y.Doc): Outbox {
  let outbox = outboxes.get(userDoc);
  if (!outbox) outboxes.set(userDoc, (outbox = new Outbox(userDoc)));
  return outbox;
}
