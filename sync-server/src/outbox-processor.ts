/**
 * The outbox processor (DESIGN.md §3, docs/protocol.md): reads the ops a user queued in their
 * `user.<id>` document as untrusted input and decides each one, in op id order and one at a
 * time per user, writing the outcome back onto the entry.
 */
import { User, type Db, type Logger } from '@volley/core';
import { parseOutboxOp, parseRoom, undecidedOps, userRoom, UserDoc, type OutboxEntry, type OutboxOp, type RejectReason } from '@volley/shared';
import { appendMessage } from './conversation-segment.js';
import type { Inbox } from './inbox.js';
import { isClientOrigin, type Room } from './room.js';
import type { Rooms } from './rooms.js';
import { sendMessage } from './send-message.js';

/**
 * A replayed op whose message was recorded this long ago but is missing from its segment: the
 * process that recorded it stopped before writing the segment. Any live writer has long
 * finished by then, so writing it here cannot make a second copy.
 */
const REPAIR_AFTER_MS = 10_000;

interface Author {
  id: string;
  username: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

export class OutboxProcessor {
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  private closed = false;

  constructor(private readonly deps: { db: Db; rooms: Rooms; inbox: Inbox; log: Logger }) {}

  /** For every loaded room: a user room's outbox is processed now, and again after each change its user makes. */
  watch(room: Room): void {
    const name = parseRoom(room.name);
    if (name?.kind !== 'user') return;
    room.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (isClientOrigin(origin)) this.schedule(name.userId);
    });
    this.schedule(name.userId);
  }

  /** Lets the ops being decided finish; decides no more. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.running.values());
  }

  private schedule(userId: string): void {
    if (this.closed) return;
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
    this.running.set(userId, run().finally(() => this.running.delete(userId)));
  }

  private async drain(userId: string): Promise<void> {
    const log = this.deps.log.child({ userId });
    try {
      await this.deps.rooms.using(userRoom(userId), async (room) => {
        const user = await User.query(this.deps.db).findById(userId).select('id', 'username');
        if (!user) return log.warn('outbox of an unknown user left undecided');
        for (const [id, entry] of undecidedOps(room.doc)) {
          if (this.closed) return;
          // Rewritten since the list was taken: that change has scheduled another pass.
          if (UserDoc.outbox(room.doc).get(id) !== entry) continue;
          await this.decide(room, user, id, entry, log.child({ opId: id }));
        }
      });
    } catch (err) {
      // The op stays undecided (order is kept); the next change or load of the room retries it.
      log.error({ err }, 'outbox processing stopped');
    }
  }

  private async decide(room: Room, author: Author, id: string, entry: unknown, log: Logger): Promise<void> {
    const parsed = parseOutboxOp(entry);
    if (!parsed.ok) return this.reject(room, id, entry, parsed, log);
    switch (parsed.op.op) {
      case 'send':
        return this.send(room, author, id, parsed.op, entry, log);
    }
  }

  private async send(room: Room, author: Author, id: string, op: Extract<OutboxOp, { op: 'send' }>, entry: unknown, log: Logger): Promise<void> {
    const result = await sendMessage(this.deps.db, { id, convId: op.convId, authorId: author.id, body: op.body, at: new Date() });
    if (result.kind === 'rejected') return this.reject(room, id, entry, result, log);
    // Only the instance that recorded the message writes it to the segment: never two copies.
    const orphaned = result.kind === 'replayed' && Date.now() - result.at.getTime() > REPAIR_AFTER_MS;
    if (result.kind === 'inserted' || orphaned) {
      const message = { id, seq: result.seq, author: author.id, authorName: author.username, body: op.body, at: result.at.toISOString() };
      await appendMessage(this.deps.rooms, op.convId, result.segment, message);
    }
    await room.write((doc) => UserDoc.outbox(doc).set(id, { ...op, status: 'accepted', seq: result.seq }));
    log.info({ convId: op.convId, seq: result.seq, replayed: result.kind === 'replayed' }, 'op accepted');
    if (result.kind === 'inserted') await this.deps.inbox.accepted(op.convId, { seq: result.seq, body: op.body, at: result.at });
  }

  /** The entry keeps what the user wrote (their text is never lost), with the reason. */
  private async reject(room: Room, id: string, entry: unknown, outcome: { reason: RejectReason; detail?: string | undefined }, log: Logger): Promise<void> {
    const { reason, detail } = outcome;
    const decided = { ...(isPlainObject(entry) ? entry : {}), status: 'rejected', reason, ...(detail ? { detail } : {}) };
    // Typed as an entry although its fields failed validation: it is the client's own, returned.
    await room.write((doc) => UserDoc.outbox(doc).set(id, decided as unknown as OutboxEntry));
    log.info({ reason, detail }, 'op rejected');
  }
}
