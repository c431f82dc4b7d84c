/**
 * Sending through op frames (docs/protocol.md, "Op frames"): each op goes as a frame on its
 * conversation's socket and is answered there once committed — no entry in the user document, no
 * outcome written back. Until answered, an op is kept in a queue of its own, a local document in
 * the client's storage (IndexedDB, a file, memory) that is never synced: it survives going offline
 * and a restart, and every op without an answer is sent again, under its id, each time its socket
 * opens (the server answers a re-sent id with its first outcome, and records a message once). An
 * op refused `rate_limited` is sent again once its time has come; the conversation's later ops wait
 * behind it, so they keep their order. Frames leave within the server's budget for them
 * (`SYNC_BUDGETS.op`, per socket and per account), each waiting for its tokens, so that a client
 * queuing hundreds of ops at once is never closed for flooding. Where the server does not speak op frames (it answers
 * `volley.v1`, not the op-frames subprotocol), or the conversation cannot be found, the op is handed
 * to the outbox under the same id (and again after a restart, if the outbox's copy lost it). The
 * queue is also the client's view of its ops (`PendingOps`): a refused op stays in it, with its
 * reason, until retried or discarded; an accepted one is kept in memory until settled (the newest
 * ACCEPTED_KEPT), so a timeline shows it until the message arrives. An op leaves only once it is in
 * storage (`PendingOp.stored`); one that could not be written is taken back, not sent, and its
 * outcome rejects with the `LocalWriteError`. When the conversation's socket is refused for good
 * (a 44xx close: 4403 after a kick or a ban, 4404 once not a member), its unanswered ops are
 * refused with the reason the close gives (`refusalOf`), their text kept for editing or discarding.
 */
import { CloseCode, convRoom, FrameBuckets, newId, opFrame, SYNC_BUDGETS, type FrameBudget, type OpAck, type OutboxEntry, type OutboxOp, type Rate, type RejectReason } from '@volley/shared';
import * as Y from 'yjs';
import { Listeners } from './listeners.js';
import { opOf, PendingOp, retryAt, OpSender, type Outbox, type Outcome } from './outbox.js';
import type { PendingOps } from './pending-ops.js';
import type { SocketClose } from './managed-socket.js';
import type { RoomPool } from './room-pool.js';
import type { DocStorage, LocalCopy } from './storage.js';
import type { SyncRoom } from './sync-room.js';

export interface FrameOutboxOptions {
  /** Whose ops: the queue is kept per account. */
  userId: string;
  rooms: RoomPool;
  storage: DocStorage;
  /** The conversation's head segment (its socket carries the frames); null for one not found, rejects when it cannot be asked now. */
  headOf(convId: string): Promise<number | null>;
  /** Where an op goes when it cannot go as a frame. */
  outbox(): Outbox;
}

const RATE_LIMIT_FALLBACK_MS = 1_000;
/** Accepted ops kept for the view when nobody settles them (a bot). */
const ACCEPTED_KEPT = 200;
/** A head segment that could not be asked (offline) is asked again after this long. */
const HEAD_RETRY_MS = 2_000;

/**
 * The op frames' budget as the client spends it: the server's rate, with a twentieth of its burst
 * kept back, so that frames the network delivers closer together than they were sent still fit
 * (half a second's worth of refill).
 */
const under = ({ perSecond, burst }: Rate): Rate => ({ perSecond, burst: burst * 0.95 });
const paced = ({ frames, bytes }: FrameBudget): FrameBudget => ({ frames: under(frames), bytes: under(bytes) });
const SOCKET_BUDGET = paced(SYNC_BUDGETS.op.socket);
const ACCOUNT_BUDGET = paced(SYNC_BUDGETS.op.user);

/** A conversation's socket, held while it has ops to send. */
interface Held {
  room: SyncRoom;
  stop(): void;
}

/** Not decided yet: sent (again) on each new socket. */
const undecided = (entry: OutboxEntry): boolean => entry.status === undefined;

/**
 * The refusal that a conversation socket's final close (44xx) means for the ops waiting on it, or
 * null where they should wait on: 4401 ends the session, not the right to the room, and a new
 * sign-in sends them.
 */
export function refusalOf({ code, reason }: SocketClose): { reason: RejectReason; detail: string } | null {
  if (code === CloseCode.unauthenticated) return null;
  const why: RejectReason = code === CloseCode.notFound ? 'not_member' : code === CloseCode.banned ? 'banned' : code === CloseCode.badRequest ? 'invalid_op' : 'forbidden';
  return { reason: why, detail: reason || String(code) };
}

export class FrameOutbox extends OpSender implements PendingOps {
  readonly changed = new Listeners<[]>();
  /** Resolves once the queue kept in storage is read (and its ops are on their way). */
  readonly loaded: Promise<void>;
  readonly #doc = new Y.Doc();
  /** Op id → the op, until answered; a refused one with its reason, until retried or discarded. */
  readonly #queue = this.#doc.getMap<OutboxEntry>('queue');
  /** Ops handed to the outbox (op id → true): their outcome comes from there. */
  readonly #handed = this.#doc.getMap<true>('handed');
  /** Accepted ops, until settled. */
  readonly #accepted = new Map<string, OutboxEntry>();
  readonly #copy: LocalCopy;
  readonly #waiting = new Map<string, ((outcome: Outcome) => void)[]>();
  readonly #rooms = new Map<string, Promise<Held | null | undefined>>();
  /** Conversation → a segment of it, its head when asked: any segment's socket takes its frames, so it is asked once. */
  readonly #heads = new Map<string, number>();
  /** Ops sent on the socket open now, their answer awaited. */
  readonly #sent = new Set<string>();
  /** Rate-limited op id → when it may be sent again (epoch ms). */
  readonly #notBefore = new Map<string, number>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Conversation → when it is flushed next for an op waiting for its rate (epoch ms). */
  readonly #wakes = new Map<string, number>();
  /** The account's budget over all its sockets, which the server keeps across reconnections. */
  readonly #budget = new FrameBuckets(ACCOUNT_BUDGET);
  /**
   * What each room's socket may still send: the server gives each socket its own budget, renewed
   * here when a socket opens while the room is held (a room held again keeps what it had: spending
   * less than the server allows is safe).
   */
  readonly #socketBudgets = new WeakMap<SyncRoom, FrameBuckets>();
  #closed = false;

  constructor(private readonly options: FrameOutboxOptions) {
    super();
    this.#copy = options.storage.open(`sendq.${options.userId}`, this.#doc);
    this.#queue.observe(() => this.changed.emit());
    this.loaded = this.#copy.loaded.catch(() => undefined).then(() => {
      for (const id of this.#handed.keys()) this.#awaitOutbox(id, true);
      for (const convId of new Set([...this.#queue.values()].filter(undecided).map((entry) => entry.convId))) void this.#flush(convId);
    });
  }

  /** Kept in the queue, then sent once stored: an op that could not be written is taken back (the caller still has it). */
  override queue(op: OutboxOp, id = newId()): PendingOp {
    this.#queue.set(id, { ...op, at: new Date().toISOString() });
    const stored = this.stored(id, this.#copy.written());
    void stored.then(
      () => this.loaded.then(() => this.#flush(op.convId)),
      () => {
        if (this.#queue.get(id)?.status === undefined) this.#queue.delete(id);
      },
    );
    return new PendingOp(id, stored.then(() => this.outcome(id)), stored);
  }

  /** The answer to op `id`, queued here (in this session or before a restart). */
  outcome(id: string): Promise<Outcome> {
    const entry = this.#queue.get(id) ?? this.#accepted.get(id);
    if (entry?.status === 'accepted') return Promise.resolve({ id, status: 'accepted', seq: entry.seq ?? 0 });
    if (entry?.status === 'rejected') return Promise.resolve({ id, status: 'rejected', reason: entry.reason ?? 'invalid_op', ...(entry.detail ? { detail: entry.detail } : {}) });
    return new Promise((resolve) => this.#waiting.set(id, [...(this.#waiting.get(id) ?? []), resolve]));
  }

  /** Ops not answered yet. */
  get pending(): number {
    return [...this.#queue.values()].filter(undecided).length;
  }

  entries(): ReadonlyMap<string, OutboxEntry> {
    return new Map([...this.#accepted, ...this.#queue.entries()]);
  }

  retry(id: string): PendingOp | null {
    const entry = this.#queue.get(id);
    if (entry?.status !== 'rejected') return null;
    let pending: PendingOp | null = null;
    this.#doc.transact(() => {
      this.#queue.delete(id);
      pending = this.queue(opOf(entry));
    });
    return pending;
  }

  discard(id: string): void {
    if (this.#queue.get(id)?.status === 'rejected') this.#queue.delete(id);
  }

  settle(ids: readonly string[]): void {
    if (ids.filter((id) => this.#accepted.delete(id)).length > 0) this.changed.emit();
  }

  /** Lets go of the sockets; what is not answered stays in storage. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.forEach(clearTimeout);
    const held = await Promise.all(this.#rooms.values());
    this.#rooms.clear();
    held.forEach((h) => h && this.#release(h));
    await this.#copy.close();
    this.#doc.destroy();
  }

  /** Sends, in order, the conversation's ops not sent on its socket yet, up to one waiting for its rate or for the budget. */
  async #flush(convId: string): Promise<void> {
    if (this.#closed) return;
    const held = await this.#room(convId);
    if (held === undefined || this.#closed) return;
    const mine = [...this.#queue.entries()].filter(([id, entry]) => entry.convId === convId && undecided(entry) && !this.#handed.has(id)).sort(([a], [b]) => (a < b ? -1 : 1));
    if (held === null) return mine.forEach(([id, entry]) => this.#handOver(id, entry));
    const { room } = held;
    if (room.status === 'refused' && room.socket.end) return this.#refused(convId, room.socket.end);
    if (room.status !== 'open') return;
    const budget = this.#socketBudget(room);
    const now = Date.now();
    for (const [id, entry] of mine) {
      if (this.#sent.has(id)) continue;
      const notBefore = this.#notBefore.get(id) ?? 0;
      // A timer may fire a little early: the flush it makes comes again rather than wait for a later one.
      if (notBefore > now) return this.#wake(convId, notBefore);
      if (!room.opFrames) {
        this.#handOver(id, entry);
        continue;
      }
      const frame = opFrame(id, entry);
      const wait = Math.max(budget.waitFor(frame.length, now), this.#budget.waitFor(frame.length, now));
      if (wait > 0) return this.#wake(convId, now + wait);
      this.#notBefore.delete(id);
      budget.take(frame.length, now);
      this.#budget.take(frame.length, now);
      if (room.socket.send(frame)) this.#sent.add(id);
    }
    this.#settle(convId);
  }

  /** The conversation's socket, acquired on first use; null when the conversation is not found. */
  #room(convId: string): Promise<Held | null | undefined> {
    let held = this.#rooms.get(convId);
    if (!held) {
      const known = this.#heads.get(convId);
      held = (known === undefined ? this.options.headOf(convId) : Promise.resolve(known)).then(
        (head) => {
          if (head === null) return null;
          this.#heads.set(convId, head);
          const room = this.options.rooms.acquire(convRoom(convId, head));
          const stops = [
            // A new socket: what the last one carried without an answer is sent again, from its own budget.
            room.socket.opened.add(() => {
              this.#socketBudgets.set(room, new FrameBuckets(SOCKET_BUDGET));
              for (const [id, entry] of this.#queue) if (entry.convId === convId) this.#sent.delete(id);
              void this.#flush(convId);
            }),
            room.opAnswered.add((ack) => this.#answered(ack)),
            room.socket.refused.add((close) => this.#refused(convId, close)),
          ];
          return { room, stop: () => stops.forEach((stop) => stop()) };
        },
        () => {
          // Not asked (offline): the ops wait, and the head is asked again.
          this.#rooms.delete(convId);
          this.#later(() => this.#flush(convId), HEAD_RETRY_MS);
          return undefined;
        },
      );
      this.#rooms.set(convId, held);
    }
    return held;
  }

  #socketBudget(room: SyncRoom): FrameBuckets {
    let budget = this.#socketBudgets.get(room);
    if (!budget) {
      budget = new FrameBuckets(SOCKET_BUDGET);
      this.#socketBudgets.set(room, budget);
    }
    return budget;
  }

  #later(run: () => unknown, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void run();
    }, delayMs);
    this.#timers.add(timer);
  }

  /** Flushes the conversation at `at` (epoch ms), or at the earlier time already set. */
  #wake(convId: string, at: number): void {
    const set = this.#wakes.get(convId);
    if (set !== undefined && set <= at) return;
    this.#wakes.set(convId, at);
    this.#later(() => {
      if (this.#wakes.get(convId) === at) this.#wakes.delete(convId);
      return this.#flush(convId);
    }, at - Date.now());
  }

  #answered(ack: OpAck): void {
    const entry = this.#queue.get(ack.id);
    if (!entry || !undecided(entry)) return;
    this.#sent.delete(ack.id);
    if (ack.status === 'rejected' && ack.reason === 'rate_limited') {
      const at = retryAt(ack, RATE_LIMIT_FALLBACK_MS);
      this.#notBefore.set(ack.id, at);
      return this.#wake(entry.convId, at);
    }
    this.#decided(ack.id, entry.convId, ack);
  }

  /** The conversation's socket was refused for good: its ops not answered are refused with the close's reason, kept to be edited or discarded. */
  #refused(convId: string, close: SocketClose): void {
    const refusal = refusalOf(close);
    if (!refusal) return;
    const mine = [...this.#queue.entries()].filter(([id, entry]) => entry.convId === convId && undecided(entry) && !this.#handed.has(id));
    for (const [id] of mine) this.#decided(id, convId, { id, status: 'rejected', ...refusal });
    this.#settle(convId);
  }

  /** Sent through the outbox instead, under the same id; it stays in the view until decided there. */
  #handOver(id: string, entry: OutboxEntry): void {
    this.#handed.set(id, true);
    this.options.outbox().queue(opOf(entry), id);
    this.#awaitOutbox(id);
  }

  /** The outbox's outcome for op `id`; after a restart (`again`), queued there again under its id if its copy lost it. */
  #awaitOutbox(id: string, again = false): void {
    const kept = this.#queue.get(id);
    const outbox = this.options.outbox();
    void (again && kept ? outbox.ensure(opOf(kept), id) : outbox.outcome(id))
      .then((outcome) => {
        const entry = this.#queue.get(id);
        if (!this.#closed && entry) this.#decided(id, entry.convId, outcome);
      });
  }

  /** Accepted: out of the queue, into the view until settled. Refused: kept, with its reason, until retried or discarded. */
  #decided(id: string, convId: string, outcome: Outcome): void {
    const entry = this.#queue.get(id);
    this.#doc.transact(() => {
      this.#handed.delete(id);
      if (!entry) return;
      if (outcome.status === 'rejected') this.#queue.set(id, { ...entry, status: 'rejected', reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}) });
      else {
        this.#accepted.set(id, { ...entry, status: 'accepted', seq: outcome.seq });
        if (this.#accepted.size > ACCEPTED_KEPT) this.#accepted.delete(this.#accepted.keys().next().value!);
        this.#queue.delete(id);
      }
    });
    this.#notBefore.delete(id);
    const waiting = this.#waiting.get(id) ?? [];
    this.#waiting.delete(id);
    waiting.forEach((resolve) => resolve(outcome));
    this.#settle(convId);
  }

  /** A conversation with nothing left to send lets go of its socket. */
  #settle(convId: string): void {
    if ([...this.#queue.values()].some((entry) => entry.convId === convId && undecided(entry))) return;
    const held = this.#rooms.get(convId);
    this.#rooms.delete(convId);
    void held?.then((h) => h && this.#release(h));
  }

  #release(held: Held): void {
    held.stop();
    this.options.rooms.release(held.room);
  }
}
