/**
 * A direct message to someone with no socket open becomes a push (core/src/push/). Decided after
 * the message is recorded and shown, in a batch of its own: a send only adds an entry to a list.
 * Whether a conversation is a DM, and who is in it, is asked once per conversation (a DM's two
 * members never change).
 */
import { Conversation, queuePush, type Db, type Logger } from '@volley/core';
import { notificationSender, type OpAuthor } from '../outbox/author.js';
import { excerptOf } from '@volley/shared/markdown';

interface Sent {
  convId: string;
  author: OpAuthor;
  message: { id: string; seq: number; body: string };
}

export interface DirectMessagePushDeps {
  db: Db;
  log: Logger;
  /** Whether the user has a socket open on any instance (the sync servers' presence). */
  online: (userId: string) => boolean;
  /** Something was queued: the dispatcher may look now rather than at its next round. */
  queued: () => void;
}

export class DirectMessagePushes {
  private waiting: Sent[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  /** Per conversation: its members when it is a DM, null when it is not. */
  private readonly dms = new Map<string, string[] | null>();

  constructor(private readonly deps: DirectMessagePushDeps) {}

  sent(convId: string, author: OpAuthor, message: Sent['message']): void {
    if (this.dms.get(convId) === null) return;
    this.waiting.push({ convId, author, message });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.waiting;
      this.waiting = [];
      this.inFlight = this.inFlight.then(() => this.decide(batch));
    });
  }

  async close(): Promise<void> {
    await this.inFlight;
  }

  private async decide(batch: Sent[]): Promise<void> {
    let queued = false;
    for (const sent of batch) {
      try {
        const members = await this.membersOfDm(sent.convId);
        for (const userId of members ?? []) {
          if (userId === sent.author.id || this.deps.online(userId)) continue;
          const by = await notificationSender(this.deps.db, sent.author);
          await queuePush(this.deps.db, userId, { kind: 'message', convId: sent.convId, messageId: sent.message.id, seq: sent.message.seq, by, excerpt: excerptOf(sent.message.body) });
          queued = true;
        }
      } catch (err) {
        this.deps.log.warn({ err, convId: sent.convId, messageId: sent.message.id }, 'queueing a direct message push failed');
      }
    }
    if (queued) this.deps.queued();
  }

  private async membersOfDm(convId: string): Promise<string[] | null> {
    const known = this.dms.get(convId);
    if (known !== undefined) return known;
    const conversation = await Conversation.query(this.deps.db).findById(convId).select('kind');
    const members: string[] | null = conversation?.kind === 'dm' ? (await this.deps.db('conversation_members').where({ conversation_id: convId }).pluck('user_id')) : null;
    this.dms.set(convId, members);
    return members;
  }
}
