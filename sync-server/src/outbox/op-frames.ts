/**
 * Op frames (shared/src/op-frames.ts, docs/protocol.md "Op frames"): an op sent on a conversation's
 * socket is decided by the outbox processor's own code, one at a time per account in the order the
 * frames arrived, and answered on that socket once committed. A re-sent op id is answered with its
 * first outcome, by whichever sync server: a send is recorded once per op id (send-message.ts), an
 * edit, a deletion or a reaction once in `message_ops` (ops/message-change.ts), a refusal in
 * `op_refusals` (op-refusals.ts); the last OUTCOMES_KEPT answers are also remembered here.
 * A `rate_limited` refusal is not remembered: the client sends the op again under its id, and
 * until then (and OP_RETRY_GRACE_MS after its time) the account's later ops are refused the same
 * way, so that none overtakes it. Turns go in the order the refusals were given, which is the order
 * the frames came (ids made in one millisecond are in no order): the n-th op waiting gets the time
 * its n-th token is there, and one sent again is let through once no op waits with an earlier time.
 */
import { throughFailover, User, type Db, type Logger } from '@volley/core';
import { ackFrame, CloseCode, OP_RETRY_GRACE_MS, parseRoom, type CloseCodeValue, type OpAck } from '@volley/shared';
import type { OpAuthor } from './author.js';
import { earlierRefusal, keepRefusal } from './op-refusals.js';
import type { OutboxProcessor } from './outbox-processor.js';

/** What the op frames need of the socket an op came on (a transport Connection). */
export interface OpSocket {
  readonly user: { userId: string };
  readonly room: { name: string; durable(): Promise<void> };
  readonly closed: boolean;
  /** An op frame came: its answer is owed. */
  awaitAnswer(): void;
  /** The answer owed. */
  answer(frame: Uint8Array): void;
  close(code: CloseCodeValue): void;
}

/** Outcomes remembered for re-sent op ids: a reconnecting client resends at most its queue. */
const OUTCOMES_KEPT = 10_000;

/** Accounts whose author is kept (what never changes about them: author.ts). */
const AUTHORS_KEPT = 10_000;

const remember = <V>(map: Map<string, V>, key: string, value: V, bound: number) => {
  map.set(key, value);
  if (map.size > bound) map.delete(map.keys().next().value!);
};

export class OpFrames {
  /** Account → the end of its ops being decided: the next waits for it. */
  private readonly queues = new Map<string, Promise<void>>();
  /** `<account> <op id>` → the answer it got. */
  private readonly outcomes = new Map<string, OpAck>();
  private readonly authors = new Map<string, OpAuthor>();
  /** Account → its ops refused `rate_limited`, each with when it stops holding the later ones back. */
  private readonly limited = new Map<string, Map<string, number>>();

  constructor(
    private readonly processor: OutboxProcessor,
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  receive(connection: OpSocket, id: string, entry: Record<string, unknown>): void {
    const { userId } = connection.user;
    connection.awaitAnswer();
    const previous = this.queues.get(userId);
    const decided = previous ? previous.then(() => this.decide(connection, id, entry)) : this.decide(connection, id, entry);
    // The account's next op waits for this one's decision, not for its answer.
    const settled: Promise<void> = decided.then(
      (ack) => {
        this.settle(userId, settled);
        // Answered once what the op wrote into this socket's room has gone out: a client that hears
        // `accepted` on the segment that got the message holds it.
        void connection.room.durable().then(() => connection.answer(ackFrame(ack)));
      },
      (err: unknown) => {
        this.settle(userId, settled);
        // Not decided (the database is down): the client sends it again once it is back on a new socket.
        this.log.error({ err, userId, opId: id }, 'op frame not decided; closing the socket');
        if (!connection.closed) connection.close(CloseCode.overloaded);
      },
    );
    this.queues.set(userId, settled);
  }

  /** The account's last op is decided: nothing waits for it any more. */
  private settle(userId: string, settled: Promise<void>): void {
    if (this.queues.get(userId) === settled) this.queues.delete(userId);
  }

  /** Waits for the ops being decided. */
  async close(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  private async decide(connection: OpSocket, id: string, entry: Record<string, unknown>): Promise<OpAck> {
    const key = `${connection.user.userId} ${id}`;
    const known = this.outcomes.get(key);
    if (known) return known;
    const room = parseRoom(connection.room.name);
    // Told on that conversation's socket: an op about another one is no op of this socket.
    if (room?.kind !== 'conv' || entry.convId !== room.convId) return { id, status: 'rejected', reason: 'invalid_op', detail: 'convId: not the conversation of this socket' };
    // Lived through a database failover like the op's own deciding (outbox-processor.ts): the socket stays open.
    const lived = <T>(work: () => Promise<T>) => throughFailover(work, { log: this.log, about: { userId: connection.user.userId, opId: id } });
    const author = await lived(() => this.authorOf(connection.user.userId));
    if (!author) return { id, status: 'rejected', reason: 'forbidden' };
    // A send refused before is found by its own decision (send-message.ts), at no cost to the sends that were not.
    const refused = entry.op === 'send' ? undefined : await lived(() => earlierRefusal(this.db, author.id, id));
    if (refused) return { id, status: 'rejected', reason: refused.reason, ...(refused.detail !== undefined && { detail: refused.detail }) };
    const ack: OpAck = { id, ...(await this.processor.decideFrame(author, connection, id, entry, this.ahead(author.id, id))) };
    const limited = this.limited.get(author.id);
    if (ack.status === 'rejected' && ack.reason === 'rate_limited') {
      if (limited) limited.set(id, Date.parse(ack.detail!) + OP_RETRY_GRACE_MS);
      else this.limited.set(author.id, new Map([[id, Date.parse(ack.detail!) + OP_RETRY_GRACE_MS]]));
      return ack;
    }
    limited?.delete(id);
    if (ack.status === 'rejected') await lived(() => keepRefusal(this.db, author.id, id, ack));
    remember(this.outcomes, key, ack, OUTCOMES_KEPT);
    return ack;
  }

  /**
   * How many of the account's refused ops still waiting go before `id`: all of them for an op not
   * refused yet, those given an earlier time for one sent again.
   */
  private ahead(userId: string, id: string): number {
    const limited = this.limited.get(userId);
    if (!limited) return 0;
    const now = Date.now();
    for (const [waiting, until] of limited) if (until < now) limited.delete(waiting);
    if (limited.size === 0) this.limited.delete(userId);
    const own = limited.get(id);
    let ahead = 0;
    for (const [waiting, until] of limited) if (waiting !== id && (own === undefined || until < own)) ahead++;
    return ahead;
  }

  private async authorOf(userId: string): Promise<OpAuthor | undefined> {
    const known = this.authors.get(userId);
    if (known) return known;
    const author = await User.query(this.db).findById(userId).select('id', 'username', 'bot_owner_id');
    if (author) remember(this.authors, userId, author, AUTHORS_KEPT);
    return author;
  }
}
