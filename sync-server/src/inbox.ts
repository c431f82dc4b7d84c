/**
 * The `inbox` of users' documents (docs/architecture.md §3): for each conversation, its latest message's
 * seq, a preview and the time, so a client counts unread conversations without opening them.
 * Written into the `user.<id>` rooms loaded on this instance, for members of the conversation;
 * other instances hear of the message through the `conversation.activity` event and do the same.
 * Members with no loaded room read `lastSeq` from `GET /conversations` when they come back.
 *
 * Cost per message, which decides chat throughput: no query once the conversation's loaded members
 * are known (`HeldMembers`), and per user room at most one doc write every `WRITE_INTERVAL_MS`
 * (entries are coalesced, newest wins). The instance's own `conversation.activity`, heard back
 * from the bus, is skipped.
 */
import type { Db, DomainEvent, DomainEvents, Logger } from '@volley/core';
import { userRoom, UserDoc, type InboxEntry } from '@volley/shared';
import { HeldMembers } from './held-members.js';
import type { Rooms } from './rooms.js';

const PREVIEW_LENGTH = 100;

/**
 * A user room gets at most one inbox write this often (the first at once): in a busy
 * conversation every member would otherwise get one write, one row and one frame per message.
 */
const WRITE_INTERVAL_MS = 200;

export type Activity = Omit<Extract<DomainEvent, { type: 'conversation.activity' }>, 'type'>;

export class Inbox {
  /** The newest seq recorded here per conversation: older or equal activity changes nothing. */
  private readonly recorded = new Map<string, number>();
  /** Per conversation, the newest activity waiting for its membership query. */
  private readonly waitingForMembers = new Map<string, Activity>();
  /** Per user, the entries waiting to be written into their room. */
  private readonly waitingForRoom = new Map<string, Map<string, InboxEntry>>();
  private readonly members: HeldMembers;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly deps: { db: Db; rooms: Rooms; events: DomainEvents; log: Logger }) {
    this.members = new HeldMembers(deps.db);
  }

  /** Someone joined or left the conversation. */
  membershipChanged(convId: string): void {
    this.members.forget(convId);
  }

  /** A message was accepted here: this instance's members now, the others through the bus. */
  async accepted(convId: string, message: { seq: number; body: string; at: Date }): Promise<void> {
    const activity: Activity = { convId, lastSeq: message.seq, preview: message.body.slice(0, PREVIEW_LENGTH), at: message.at.toISOString() };
    this.record(activity);
    await this.deps.events.publish({ type: 'conversation.activity', ...activity }).catch((err: unknown) => {
      this.deps.log.warn({ err, convId }, 'publishing conversation activity failed');
    });
  }

  /** Moves the entry forward in the loaded rooms of the conversation's members; never back. Returns at once. */
  record(activity: Activity): void {
    const { convId, lastSeq } = activity;
    if (this.closed || (this.recorded.get(convId) ?? 0) >= lastSeq) return;
    this.recorded.set(convId, lastSeq);
    const queryRunning = this.waitingForMembers.has(convId);
    this.waitingForMembers.set(convId, activity);
    if (!queryRunning) this.track(this.deliver(convId));
  }

  /** Finishes the deliveries under way; records no more. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Until nothing waits for the conversation: one query, then the newest activity into each member's room. */
  private async deliver(convId: string): Promise<void> {
    for (let activity = this.waitingForMembers.get(convId); activity; activity = this.waitingForMembers.get(convId)) {
      try {
        const members = await this.members.among(convId, this.deps.rooms);
        const { lastSeq, preview, at } = activity;
        for (const userId of members) this.queueEntry(userId, convId, { lastSeq, preview, at });
      } catch (err) {
        // The message is accepted either way; the client also reads lastSeq from the API.
        this.deps.log.error({ err, convId, lastSeq: activity.lastSeq }, 'updating inboxes failed');
      }
      if (this.waitingForMembers.get(convId) === activity) this.waitingForMembers.delete(convId);
    }
  }

  private queueEntry(userId: string, convId: string, entry: InboxEntry): void {
    let entries = this.waitingForRoom.get(userId);
    const writing = entries !== undefined;
    if (!entries) this.waitingForRoom.set(userId, (entries = new Map()));
    if ((entries.get(convId)?.lastSeq ?? 0) < entry.lastSeq) entries.set(convId, entry);
    if (!writing) this.track(this.write(userId, entries));
  }

  /** Writes the waiting entries, then those that arrived while that write was persisted, until none. */
  private async write(userId: string, first: Map<string, InboxEntry>): Promise<void> {
    try {
      await this.deps.rooms.using(userRoom(userId), async (room) => {
        for (let entries: Map<string, InboxEntry> | undefined = first; entries && entries.size > 0; entries = this.waitingForRoom.get(userId)) {
          this.waitingForRoom.set(userId, new Map());
          const taken = entries;
          const started = Date.now();
          await room.write((doc) => {
            const inbox = UserDoc.inbox(doc);
            for (const [convId, entry] of taken) {
              const current: unknown = inbox.get(convId)?.lastSeq;
              if (typeof current !== 'number' || current < entry.lastSeq) inbox.set(convId, entry);
            }
          });
          const rest = started + WRITE_INTERVAL_MS - Date.now();
          if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        }
      });
    } catch (err) {
      this.deps.log.error({ err, userId }, 'updating an inbox failed');
    } finally {
      this.waitingForRoom.delete(userId);
    }
  }
}
