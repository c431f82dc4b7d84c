/**
 * The outbox processor (DESIGN.md §3, docs/protocol.md): reads the ops a user queued in their
 * `user.<id>` document as untrusted input and decides each one, in op id order and one at a
 * time per user, writing the outcome back onto the entry. Each op has its handler in `ops/`.
 */
import { User, type Logger } from '@volley/core';
import { parseOutboxOp, parseRoom, undecidedOps, userRoom, UserDoc, type OutboxEntry, type OutboxOp, type RejectReason } from '@volley/shared';
import { deleteMessage } from './ops/delete-message.js';
import { editMessage } from './ops/edit-message.js';
import type { Actor, OpContext, OpHandler } from './ops/op-context.js';
import { reactToMessage } from './ops/react-to-message.js';
import { send } from './ops/send.js';
import { isClientOrigin, type Room } from './room.js';

const handlers: { [K in OutboxOp['op']]: OpHandler<K> } = { send, edit: editMessage, delete: deleteMessage, react: reactToMessage };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

export class OutboxProcessor {
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();
  private closed = false;

  constructor(private readonly ctx: OpContext) {}

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
    const log = this.ctx.log.child({ userId });
    try {
      await this.ctx.rooms.using(userRoom(userId), async (room) => {
        const actor = await User.query(this.ctx.db).findById(userId).select('id', 'username', 'display_name');
        if (!actor) return log.warn('outbox of an unknown user left undecided');
        for (const [id, entry] of undecidedOps(room.doc)) {
          if (this.closed) return;
          // Rewritten since the list was taken: that change has scheduled another pass.
          if (UserDoc.outbox(room.doc).get(id) !== entry) continue;
          await this.decide(room, actor, id, entry, log.child({ opId: id }));
        }
      });
    } catch (err) {
      // The op stays undecided (order is kept); the next change or load of the room retries it.
      log.error({ err }, 'outbox processing stopped');
    }
  }

  private async decide(room: Room, actor: Actor, id: string, entry: unknown, log: Logger): Promise<void> {
    const parsed = parseOutboxOp(entry);
    if (!parsed.ok) return this.reject(room, id, entry, parsed, log);
    const { op } = parsed;
    const outcome = await (handlers[op.op] as OpHandler<typeof op.op>)({ ...this.ctx, log }, actor, id, op);
    if (outcome.kind === 'rejected') return this.reject(room, id, entry, outcome, log);
    await room.write((doc) => UserDoc.outbox(doc).set(id, { ...op, status: 'accepted', seq: outcome.seq }));
    log.info({ op: op.op, convId: op.convId, seq: outcome.seq }, 'op accepted');
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
