/**
 * The outbox processor (docs/architecture.md §3, docs/protocol.md): reads the ops a user queued in their
 * `user.<id>` document as untrusted input and decides each one, in op id order and one at a
 * time per user, writing the outcome back onto the entry. Each op has its handler in `ops/`.
 */
import { isFailover, KeyedBuckets, metrics, throughFailover, User } from '@volley/core';
import { isUndecided, OP_RETRY_GRACE_MS, parseOutboxOp, parseRoom, PROTOTYPE_KEYS, undecidedOps, userRoom, UserDoc, type OpOutcome, type OutboxEntry, type OutboxOp, type Rate, type RejectReason } from '@volley/shared';
import * as Y from 'yjs';
import { deleteMessage } from './ops/delete-message.js';
import { editMessage } from './ops/edit-message.js';
import { invite } from './ops/invite.js';
import { pruneAcceptedOps } from './outbox-pruning.js';
import type { OpAuthor } from './author.js';
import type { OpContext, OpHandler, Outcome } from './ops/op-context.js';
import { pinMessage } from './ops/pin-message.js';
import { reactToMessage } from './ops/react-to-message.js';
import { setAccent } from './ops/set-accent.js';
import { send } from './ops/send.js';
import { OpWriters } from './op-writers.js';
import { isClientOrigin, type Room } from '../rooms/room.js';

/** Who and which op a log line is about. */
type LogFields = { userId: string; opId: string };

const handlers: { [K in OutboxOp['op']]: OpHandler<K> } = { send, edit: editMessage, delete: deleteMessage, react: reactToMessage, invite, pin: pinMessage, accent: setAccent };

/** What the client wrote in an entry, as plain fields, without any key that could reach a prototype. */
const ownFields = (entry: unknown): Record<string, unknown> =>
  // A shared type under the key is no JSON the user wrote: nothing of it is returned.
  typeof entry === 'object' && entry !== null && !Array.isArray(entry) && !(entry instanceof Y.AbstractType)
    ? Object.fromEntries(Object.entries(entry).filter(([key]) => !PROTOTYPE_KEYS.has(key)))
    : {};

/**
 * An op whose deciding failed this many times while the database answered is refused rather than
 * retried for ever: something in it (that validation did not foresee) is what fails, and it must
 * not hold back the user's later ops.
 */
const FAILURES_BEFORE_REFUSAL = 2;

/** A pass that stopped on an error is tried again after this long, even if the user changes nothing. */
const RETRY_AFTER_MS = 1000;

/**
 * Added to the time a `rate_limited` op may be queued again. A client's timer set for that time
 * fires by its event loop's clock, which may be a few milliseconds behind the wall clock when the
 * timer is set: sent on the dot, the op would find its token not quite there and be refused again.
 */
const RETRY_MARGIN_MS = 25;

export class OutboxProcessor {
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  /** Users whose last pass stopped on an error: their next change of any kind retries it. */
  private readonly failed = new Set<string>();
  /** Op id → failed attempts at deciding it while the database answered. */
  private readonly failures = new Map<string, number>();
  /** Read once per loaded user room: what an author holds never changes. */
  private readonly authors = new WeakMap<Room, OpAuthor>();
  /** Ops decided per account (docs/protocol.md, "Rate limits"). */
  private readonly budget: KeyedBuckets;
  /** The socket each op was written through: its token scope and address. */
  private readonly writers: OpWriters;
  private closed = false;
  /** User → when the change that started the running pass reached this process (the outbox lag's start). */
  private readonly waitingSince = new Map<string, number>();

  constructor(private readonly ctx: OpContext & { opRate: Rate }) {
    this.budget = new KeyedBuckets(ctx.opRate);
    this.writers = new OpWriters(ctx.db);
  }

  /**
   * For every loaded room: a user room's outbox is processed now, and again after each change its
   * user makes that leaves an undecided op (not after a prune, a draft or a read).
   */
  watch(room: Room): void {
    const name = parseRoom(room.name);
    if (name?.kind !== 'user') return;
    const { userId } = name;
    const outbox = UserDoc.outbox(room.doc);
    outbox.observe((event, transaction) => {
      if (!isClientOrigin(transaction.origin)) return;
      let undecided = false;
      for (const id of event.keysChanged) {
        if (!outbox.has(id) || !isUndecided(outbox.get(id))) continue;
        this.writers.noted(id, transaction.origin);
        undecided = true;
      }
      if (undecided) this.schedule(userId);
    });
    room.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (isClientOrigin(origin) && this.failed.has(userId)) this.schedule(userId);
    });
    pruneAcceptedOps(room, this.ctx.log, { atLoad: true });
    // Read with the room rather than by its first op: the first message a user sends costs no more than the next.
    this.authorOf(room, userId).catch(() => undefined);
    this.schedule(userId);
  }

  /** Lets the ops being decided finish; decides no more. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.running.values());
  }

  private schedule(userId: string): void {
    if (this.closed) return;
    if (!this.waitingSince.has(userId)) this.waitingSince.set(userId, performance.now());
    if (this.running.has(userId)) {
      this.rerun.add(userId);
      return;
    }
    const run = async () => {
      do {
        this.rerun.delete(userId);
        await this.drain(userId);
      } while (this.rerun.has(userId) && !this.closed);
    };
    this.running.set(
      userId,
      run().finally(() => {
        this.running.delete(userId);
        this.waitingSince.delete(userId);
      }),
    );
  }

  private async drain(userId: string): Promise<void> {
    // Fields rather than a child logger: in a busy chat a pass is about one message.
    const { log } = this.ctx;
    try {
      await this.ctx.rooms.using(userRoom(userId), async (room) => {
        this.failed.delete(userId);
        const pending = undecidedOps(room.doc);
        if (pending.length === 0) return;
        const author = await this.authorOf(room, userId);
        if (!author) return log.warn({ userId }, 'outbox of an unknown user left undecided');
        const limited = rateLimitedOps(room);
        for (const [id, entry] of pending) {
          if (this.closed) return;
          // Rewritten since the list was taken: that change has scheduled another pass.
          if (UserDoc.outbox(room.doc).get(id) !== entry) continue;
          // Nothing overtakes a refused op the client may still queue again; the rest wait for a token.
          if (limited.some((waiting) => waiting < id) || !this.budget.take(userId)) {
            // Its place among the ops waiting: the n-th is queued again once n tokens are there.
            const place = limited.filter((waiting) => waiting < id).length + 1;
            limited.push(id);
            await this.rateLimited(room, id, entry, place, { userId, opId: id });
            continue;
          }
          await this.decideOrRefuse(room, author, id, entry, { userId, opId: id });
        }
        pruneAcceptedOps(room, log);
      });
    } catch (err) {
      // The op stays undecided (order is kept); the next change or load of the room, or the retry, tries again.
      this.failed.add(userId);
      log.error({ err, userId }, 'outbox processing stopped');
      setTimeout(() => this.ctx.rooms.peek(userRoom(userId)) && this.failed.has(userId) && this.schedule(userId), RETRY_AFTER_MS).unref();
    }
  }

  /** Decides the op and writes its outcome onto the entry. */
  private async decideOrRefuse(room: Room, author: OpAuthor, id: string, entry: unknown, at: LogFields): Promise<void> {
    const { op, outcome } = await this.judge(author, id, entry, at);
    if (outcome.kind === 'rejected') return this.reject(room, id, entry, outcome, at);
    await room.write((doc) => UserDoc.outbox(doc).set(id, { ...op!, status: 'accepted', seq: outcome.seq }));
    this.counted(entry, outcome, at);
    metrics.outboxLag.observe((performance.now() - (this.waitingSince.get(author.id) ?? performance.now())) / 1000);
  }

  /**
   * An op frame (op-frames.ts) `writer` sent for `author`, decided as an outbox entry is — by the same
   * rate, scope, policies and handlers — and committed; its outcome is the answer, never written into
   * the user's document. `ahead`: how many of the account's op frames refused `rate_limited`, which
   * its client will still send again, go before this one. Throws when it could not be decided now
   * (the database is down).
   */
  async decideFrame(author: OpAuthor, writer: unknown, id: string, entry: unknown, ahead: number): Promise<OpOutcome> {
    const at = { userId: author.id, opId: id };
    // As in the outbox: nothing overtakes a refused op its client will send again, and each waiting
    // op is given the time of a token of its own.
    if (ahead > 0 || !this.budget.take(author.id)) {
      const detail = this.retryTime(author.id, ahead + 1);
      this.counted(entry, { kind: 'rejected', reason: 'rate_limited', detail }, at);
      return { status: 'rejected', reason: 'rate_limited', detail };
    }
    this.writers.noted(id, writer);
    const { outcome } = await this.judge(author, id, entry, at);
    this.counted(entry, outcome, at);
    if (outcome.kind === 'accepted') return { status: 'accepted', seq: outcome.seq };
    return { status: 'rejected', reason: outcome.reason, ...(outcome.detail && { detail: outcome.detail }) };
  }

  /** The op's outcome, once committed; one that keeps failing while the database is fine is refused, and the user's later ops go on. */
  private async judge(author: OpAuthor, id: string, entry: unknown, at: LogFields): Promise<{ op?: OutboxOp; outcome: Outcome }> {
    try {
      // A failover under the op is lived through here, on the primary that follows: the op's
      // client waits for its answer rather than for a new socket (the op id makes a second try safe).
      const judged = await throughFailover(() => this.apply(author, id, entry), { log: this.ctx.log, about: at });
      this.failures.delete(id);
      return judged;
    } catch (err) {
      // Still no primary: the op stays undecided, and is no more the op's fault than a database down.
      if (isFailover(err)) throw err;
      const databaseAnswers = await this.ctx.db.raw('select 1').then(() => true, () => false);
      if (!databaseAnswers) throw err;
      const failures = (this.failures.get(id) ?? 0) + 1;
      if (failures < FAILURES_BEFORE_REFUSAL) {
        this.failures.set(id, failures);
        throw err;
      }
      this.failures.delete(id);
      this.ctx.log.warn({ ...at, err }, 'op refused after failing repeatedly');
      return { outcome: { kind: 'rejected', reason: 'invalid_op', detail: 'could not be applied' } };
    }
  }

  /** Validates the op, and has its handler apply it as its author, through the token that wrote it (the policy weighs its scope). */
  private async apply(author: OpAuthor, id: string, entry: unknown): Promise<{ op?: OutboxOp; outcome: Outcome }> {
    const parsed = parseOutboxOp(id, entry);
    if (!parsed.ok) return { outcome: { kind: 'rejected', reason: parsed.reason, ...(parsed.detail && { detail: parsed.detail }) } };
    const { op } = parsed;
    const writer = await this.writers.writer(id, author, op.convId);
    const outcome = await (handlers[op.op] as OpHandler<typeof op.op>)(this.ctx, author, id, op, writer);
    return { op, outcome };
  }

  private async authorOf(room: Room, userId: string): Promise<OpAuthor | undefined> {
    const known = this.authors.get(room);
    if (known) return known;
    const author = await User.query(this.ctx.db).findById(userId).select('id', 'username', 'bot_owner_id');
    if (author) this.authors.set(room, author);
    return author;
  }

  /**
   * Refused for now. `detail` is when to queue it again (ISO 8601): the op at `place` among those
   * waiting gets the time its own token is there, so each is queued again once, not all at once.
   */
  private rateLimited(room: Room, id: string, entry: unknown, place: number, at: LogFields): Promise<void> {
    return this.reject(room, id, entry, { reason: 'rate_limited', detail: this.retryTime(at.userId, place) }, at);
  }

  /** When the op that waits for `amount` of the account's tokens may be queued again (ISO 8601). */
  private retryTime(userId: string, amount: number): string {
    return new Date(Date.now() + Math.max(this.budget.waitFor(userId, amount), 1) + RETRY_MARGIN_MS).toISOString();
  }

  /** The entry keeps what the user wrote (their text is never lost), with the reason. */
  private async reject(room: Room, id: string, entry: unknown, outcome: { reason: RejectReason; detail?: string | undefined }, at: LogFields): Promise<void> {
    const { reason, detail } = outcome;
    const decided = { ...ownFields(entry), status: 'rejected', reason, ...(detail ? { detail } : {}) };
    // Typed as an entry although its fields failed validation: it is the client's own, returned.
    await room.write((doc) => UserDoc.outbox(doc).set(id, decided as unknown as OutboxEntry));
    this.counted(entry, { kind: 'rejected', reason, ...(detail && { detail }) }, at);
  }

  /** The decision in the metrics and the log, whichever way the op came. */
  private counted(entry: unknown, outcome: Outcome, at: LogFields): void {
    const op = (entry as { op?: unknown } | undefined)?.op;
    const name = typeof op === 'string' && Object.hasOwn(handlers, op) ? (op as OutboxOp['op']) : 'invalid';
    if (outcome.kind === 'rejected') {
      metrics.ops.inc({ op: name, outcome: outcome.reason });
      return this.ctx.log.info({ ...at, reason: outcome.reason, detail: outcome.detail }, 'op rejected');
    }
    metrics.ops.inc({ op: name, outcome: 'accepted' });
    if (name === 'send') metrics.messages.inc();
    this.ctx.log.info({ ...at, op: name, convId: (entry as { convId?: unknown }).convId, seq: outcome.seq }, 'op accepted');
  }
}

/**
 * The ids, in order, of the `rate_limited` entries their client may still queue again (until
 * OP_RETRY_GRACE_MS after their retry time): an op made after the first of them is refused the same
 * way, so that an account's ops are decided in the order they were made.
 */
function rateLimitedOps(room: Room, now = Date.now()): string[] {
  const ids: string[] = [];
  UserDoc.outbox(room.doc).forEach((entry, id) => {
    if (entry?.status !== 'rejected' || entry.reason !== 'rate_limited') return;
    const retryAt = Date.parse(entry.detail ?? '');
    if (Number.isFinite(retryAt) && retryAt + OP_RETRY_GRACE_MS > now) ids.push(id);
  });
  return ids.sort();
}
