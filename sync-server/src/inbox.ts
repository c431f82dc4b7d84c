/**
 * The `inbox` of users' documents (DESIGN.md §3): for each conversation, its latest message's
 * seq, a preview and the time, so a client counts unread conversations without opening them.
 * Written into the `user.<id>` rooms loaded on this instance, for members of the conversation;
 * other instances hear of the message through the `conversation.activity` event and do the same.
 * Members with no loaded room read `lastSeq` from `GET /conversations` when they come back.
 */
import type { Db, DomainEvent, DomainEvents, Logger } from '@volley/core';
import { parseRoom, userRoom, UserDoc, type InboxEntry } from '@volley/shared';
import { membersAmong } from './membership.js';
import type { Rooms } from './rooms.js';

const PREVIEW_LENGTH = 100;

export type Activity = Omit<Extract<DomainEvent, { type: 'conversation.activity' }>, 'type'>;

export class Inbox {
  constructor(private readonly deps: { db: Db; rooms: Rooms; events: DomainEvents; log: Logger }) {}

  /** A message was accepted here: this instance's members now, the others through the bus. */
  async accepted(convId: string, message: { seq: number; body: string; at: Date }): Promise<void> {
    const activity: Activity = { convId, lastSeq: message.seq, preview: message.body.slice(0, PREVIEW_LENGTH), at: message.at.toISOString() };
    await this.record(activity);
    await this.deps.events.publish({ type: 'conversation.activity', ...activity }).catch((err: unknown) => {
      this.deps.log.warn({ err, convId }, 'publishing conversation activity failed');
    });
  }

  /** Moves the entry forward in the loaded rooms of the conversation's members; never back. */
  async record({ convId, lastSeq, preview, at }: Activity): Promise<void> {
    const held = [...this.deps.rooms.loaded()].map((room) => parseRoom(room.name)).flatMap((name) => (name?.kind === 'user' ? [name.userId] : []));
    try {
      const members = await membersAmong(this.deps.db, convId, held);
      const entry: InboxEntry = { lastSeq, preview, at };
      await Promise.all(
        members.map((userId) =>
          this.deps.rooms.using(userRoom(userId), (room) =>
            room.write((doc) => {
              const inbox = UserDoc.inbox(doc);
              const current: unknown = inbox.get(convId)?.lastSeq;
              if (typeof current !== 'number' || current < lastSeq) inbox.set(convId, entry);
            }),
          ),
        ),
      );
    } catch (err) {
      // The message is accepted either way; the client also reads lastSeq from the API.
      this.deps.log.error({ err, convId, lastSeq }, 'updating inboxes failed');
    }
  }
}
