/**
 * The outbox (docs/protocol.md, "The outbox: how a client sends"): every change to a conversation
 * is an op under a new ULID in the user's own document — a local write, so it works offline and is
 * sent when a socket is open — and the server writes its outcome onto the entry. `Outbox` returns
 * each op as a `PendingOp`: its id at once, and its outcome when awaited. An op refused with
 * `rate_limited` is queued again under a new id once the retry time it carries has passed, with
 * the other ops refused alongside it, in their order; ops made meanwhile wait behind them.
 */
import { newId, UserDoc, type GameSettings, type OutboxEntry, type OutboxOp, type RejectReason } from '@volley/shared';
import type * as Y from 'yjs';

export type Outcome = { id: string; status: 'accepted'; seq: number } | { id: string; status: 'rejected'; reason: RejectReason; detail?: string };

/** Queues an op stamped with the client's clock; returns its id (for a send, the message id). */
export function queueOp(userDoc: Y.Doc, op: OutboxOp, id = newId()): string {
  UserDoc.outbox(userDoc).set(id, { ...op, at: new Date().toISOString() });
  return id;
}

/** The op as the client wrote it, without the server's outcome fields. */
function opOf(entry: OutboxEntry): OutboxOp {
  const { status: _s, seq: _q, reason: _r, detail: _d, at: _a, ...op } = entry;
  return op as OutboxOp;
}

/** Queues a refused op again under a new id (the old id is spent) and drops the old entry, in one update. */
export function retryOp(userDoc: Y.Doc, id: string): string | null {
  const outbox = UserDoc.outbox(userDoc);
  const entry = outbox.get(id);
  if (!entry) return null;
  let next: string | null = null;
  userDoc.transact(() => {
    outbox.delete(id);
    next = queueOp(userDoc, opOf(entry));
  });
  return next;
}

export function discardOp(userDoc: Y.Doc, id: string): void {
  UserDoc.outbox(userDoc).delete(id);
}

/** Removes settled entries in one update. */
export function pruneOutbox(userDoc: Y.Doc, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const outbox = UserDoc.outbox(userDoc);
  userDoc.transact(() => ids.forEach((id) => outbox.delete(id)));
}

/** Ops the server has not decided yet (all conversations). */
export function undecidedCount(userDoc: Y.Doc): number {
  let count = 0;
  UserDoc.outbox(userDoc).forEach((entry) => (count += entry && entry.status === undefined ? 1 : 0));
  return count;
}

/** The outcome written onto an entry, if the server decided it. */
export function outcomeOf(id: string, entry: OutboxEntry | undefined): Outcome | undefined {
  if (entry?.status === 'accepted' && typeof entry.seq === 'number') return { id, status: 'accepted', seq: entry.seq };
  if (entry?.status === 'rejected') return { id, status: 'rejected', reason: entry.reason ?? 'invalid_op', ...(entry.detail ? { detail: entry.detail } : {}) };
  return undefined;
}

/** When a `rate_limited` op may be sent again: its detail, an ISO 8601 time, when the server gives one. */
export function retryAt(entry: OutboxEntry, fallbackMs: number, now = Date.now()): number {
  const at = entry.detail ? Date.parse(entry.detail) : NaN;
  return Number.isFinite(at) ? Math.max(now, at) : now + fallbackMs;
}

/** An op queued: its id now (a send's is the message id), its outcome when awaited. */
export class PendingOp implements PromiseLike<Outcome> {
  constructor(
    /** The id it was first queued under; a retried op's outcome carries the id it was finally decided under. */
    readonly id: string,
    readonly outcome: Promise<Outcome>,
  ) {}

  then<A = Outcome, B = never>(onAccepted?: ((value: Outcome) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.outcome.then(onAccepted, onRejected);
  }
}

const RATE_LIMIT_FALLBACK_MS = 1_000;

interface Waiting {
  resolve(outcome: Outcome): void;
}

export class Outbox {
  /** Op id → who waits for its outcome. */
  readonly #waiting = new Map<string, Waiting>();
  /** Ops made while rate-limited ones wait: queued after them. */
  #held: { op: OutboxOp; id: string }[] = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryAt = 0;
  readonly #map: Y.Map<OutboxEntry>;

  constructor(readonly userDoc: Y.Doc) {
    this.#map = UserDoc.outbox(userDoc);
    this.#map.observe((event) => event.keysChanged.forEach((id) => this.#decided(id)));
  }

  send(convId: string, body: string, extra: { kind?: 'text' | 'me'; replyTo?: string } = {}): PendingOp {
    return this.queue({ op: 'send', convId, body, ...extra });
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

  invite(convId: string, to: string, settings?: GameSettings): PendingOp {
    return this.queue({ op: 'invite', convId, to, ...(settings ? { settings } : {}) });
  }

  /** Queues any op; while rate-limited ops wait for their retry, it waits behind them. */
  queue(op: OutboxOp): PendingOp {
    const id = newId();
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
      this.#waiting.set(id, { resolve: (outcome) => (earlier?.resolve(outcome), resolve(outcome)) });
      if (decided) this.#decided(id);
    });
  }

  #decided(id: string): void {
    const waiting = this.#waiting.get(id);
    const entry = this.#map.get(id);
    const outcome = outcomeOf(id, entry);
    if (!waiting || !entry || !outcome) return;
    if (outcome.status === 'rejected' && outcome.reason === 'rate_limited') return this.#scheduleRetry(retryAt(entry, RATE_LIMIT_FALLBACK_MS));
    this.#waiting.delete(id);
    waiting.resolve(outcome);
  }

  #scheduleRetry(at: number): void {
    if (this.#retryTimer !== undefined && at <= this.#retryAt) return;
    clearTimeout(this.#retryTimer);
    this.#retryAt = at;
    this.#retryTimer = setTimeout(() => this.#retry(), at - Date.now());
  }

  /** Every rate-limited op waited for, in its first order, under new ids; then the ops held meanwhile. */
  #retry(): void {
    this.#retryTimer = undefined;
    const limited = [...this.#waiting.keys()].filter((id) => this.#map.get(id)?.reason === 'rate_limited').sort();
    const held = this.#held;
    this.#held = [];
    this.userDoc.transact(() => {
      for (const id of limited) {
        const entry = this.#map.get(id)!;
        this.#map.delete(id);
        this.#move(id, queueOp(this.userDoc, opOf(entry)));
      }
      for (const { op, id } of held) this.#move(id, queueOp(this.userDoc, op));
    });
  }

  /** Who waits for `from` now waits for `to`. */
  #move(from: string, to: string): void {
    const waiting = this.#waiting.get(from);
    this.#waiting.delete(from);
    if (waiting) this.#waiting.set(to, waiting);
  }
}
