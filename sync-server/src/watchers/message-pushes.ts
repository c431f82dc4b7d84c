/**
 * A message to someone with no socket open becomes a push (core/src/push/) where its conversation
 * notifies them of every message (its level, `levelOf` in @volley/shared: a DM's by default, a
 * channel's or #general's once chosen). Decided after the message is recorded and shown, in a batch
 * of its own: a send only adds an entry to a list. A conversation's kind is asked once, and a DM's
 * members (neither ever changes); a channel's members at `all` for each message, as they choose, and
 * its name for each push, as its owner may rename it. Who is mentioned is pushed the mention, not the message too. The dispatcher decides each
 * push again with the settings as they are then (mutes, levels, blocks, quiet hours).
 */
import { Conversation, queuePushes, type Db, type Logger, type Pushable, type SealedMessage } from '@volley/core';
import type { ConversationKind } from '@volley/shared';
import { excerptOf } from '@volley/shared/markdown';
import { notificationSender, type OpAuthor } from '../outbox/author.js';

interface Sent {
  convId: string;
  author: OpAuthor;
  message: { id: string; seq: number; body: string; sealed?: SealedMessage };
  mentioned: readonly string[];
}

interface Place {
  kind: ConversationKind;
  /** A DM's two members; null for the others, read for each message. */
  members: string[] | null;
}

export interface MessagePushDeps {
  db: Db;
  log: Logger;
  /** Whether the user has a socket open on any instance (the sync servers' presence). */
  online: (userId: string) => boolean;
  /** Something was queued: the dispatcher may look now rather than at its next round. */
  queued: () => void;
}

export class MessagePushes {
  private waiting: Sent[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly places = new Map<string, Place | null>();

  constructor(private readonly deps: MessagePushDeps) {}

  sent(convId: string, author: OpAuthor, message: Sent['message'], mentioned: readonly string[] = []): void {
    if (this.places.get(convId) === null) return;
    this.waiting.push({ convId, author, message, mentioned });
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
        const place = await this.placeOf(sent.convId);
        if (!place) continue;
        const members = place.members ?? (await this.membersAtAll(sent.convId));
        const to = members.filter((userId) => userId !== sent.author.id && !sent.mentioned.includes(userId) && !this.deps.online(userId));
        if (to.length === 0) continue;
        const by = await notificationSender(this.deps.db, sent.author);
        const push: Pushable = {
          kind: 'message',
          convId: sent.convId,
          ...(place.kind !== 'dm' && { convKind: place.kind, channel: await this.nameOf(sent.convId) }),
          messageId: sent.message.id,
          seq: sent.message.seq,
          by,
          excerpt: excerptOf(sent.message.body),
          ...(sent.message.sealed && { sealed: sent.message.sealed }),
        };
        if ((await queuePushes(this.deps.db, to.map((userId) => [userId, push] as const))).length > 0) queued = true;
      } catch (err) {
        this.deps.log.warn({ err, convId: sent.convId, messageId: sent.message.id }, 'queueing a message push failed');
      }
    }
    if (queued) this.deps.queued();
  }

  private async placeOf(convId: string): Promise<Place | null> {
    const known = this.places.get(convId);
    if (known !== undefined) return known;
    const conversation = await Conversation.query(this.deps.db).findById(convId).select('kind');
    const place: Place | null = conversation
      ? { kind: conversation.kind, members: conversation.kind === 'dm' ? await this.deps.db('conversation_members').where({ conversation_id: convId }).pluck('user_id') : null }
      : null;
    this.places.set(convId, place);
    return place;
  }

  /** A channel's name as it is now. */
  private async nameOf(convId: string): Promise<string> {
    return (await Conversation.query(this.deps.db).findById(convId).select('name'))?.name ?? '';
  }

  /** The members who chose `all` for this channel, and have a device: the only ones a push could reach. */
  private async membersAtAll(convId: string): Promise<string[]> {
    return this.deps
      .db('conversation_members as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('m.conversation_id', convId)
      .whereRaw("u.notification_settings -> 'levels' ->> ? = 'all'", [convId])
      .whereExists((q) => q.select(this.deps.db.raw('1')).from('push_subscriptions as s').whereRaw('s.user_id = m.user_id'))
      .pluck('m.user_id');
  }
}
