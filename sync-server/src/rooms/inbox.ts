/**
 * The inbox signal (docs/protocol.md): members learn that a conversation moved through the server's
 * awareness state in their `user.<id>` room, `inbox: {convId: {lastSeq, id, preview, at, author, authorName, deleted?, editedAt?}}` —
 * nothing is written into their documents. A new message moves `lastSeq`; the last message deleted
 * or edited signals the same `lastSeq` again, with `deleted: true` and preview '', or its new text
 * and `editedAt`. The durable state is the conversation's `lastSeq` in
 * `GET /api/v1/conversations`, which a client reads when it opens or reconnects; this only tells
 * the sockets open meanwhile, so that a message costs no persisted write per member.
 *
 * Each instance signals the members whose user room it holds; the others hear of the message through
 * the `conversation.activity` event. Per message: no query once the conversation's loaded members are
 * known (`HeldMembers`); per user room at most one awareness update every `SIGNAL_INTERVAL_MS`
 * (newest entry per conversation). A user whose every session here also has a socket on the
 * conversation's head segment sees the message there and is not signalled. A system line is
 * signalled with its seq in `system`, kept through the coalescing (an entry that replaces another
 * carries both's), so that no count takes it for a new message.
 */
import { Conversation, User, type DomainEvent, type DomainEventHandlers, type DomainEvents, type Db, type Logger } from '@volley/core';
import { convRoom, movesOn, nextStamp, systemLinesOf, userRoom, type InboxEntry } from '@volley/shared';
import { previewOf } from '@volley/shared/markdown';
import { HeldMembers } from './held-members.js';
import type { Rooms } from './rooms.js';
import { serverField, setServerField } from './server-awareness.js';

/** Signals to one user room are coalesced this long: a busy conversation costs each member ≤ 5 frames/s. */
const SIGNAL_INTERVAL_MS = 200;

/**
 * An entry stays in the state this long after it last moved, then is dropped: the state stays small
 * (it is sent whole on every change), and a client that was connected has recorded it by then.
 */
const KEEP_MS = 60_000;

export type Activity = Omit<Extract<DomainEvent, { type: 'conversation.activity' }>, 'type'>;

/** The message whose change is signalled, as its row has it. */
type ChangedMessage = { id: string; conversationId: string; seq: number; segment: number; createdAt: Date; authorId: string };

export class Inbox {
  /** The newest seq signalled here per conversation, whether deleted, when edited: activity that tells no more (`movesOn`) changes nothing. */
  private readonly recorded = new Map<string, Pick<Activity, 'lastSeq' | 'deleted' | 'editedAt'>>();
  /** Per conversation, the newest activity waiting for its membership query. */
  private readonly waitingForMembers = new Map<string, Activity>();
  /** Per user, the entries waiting for the next signal. */
  private readonly waiting = new Map<string, Map<string, InboxEntry>>();
  private readonly members: HeldMembers;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: { db: Db; rooms: Rooms; events: DomainEvents; log: Logger }) {
    this.members = new HeldMembers(deps.db);
  }

  readonly on: DomainEventHandlers = {
    'membership.added': (event) => this.membershipChanged(event.convId),
    'membership.removed': (event) => this.membershipChanged(event.convId),
    'membership.changed': (event) => this.signalled(event.convId),
    'conversation.activity': (event) => this.record(event),
  };

  /** Someone joined or left the conversation: its members here are told. */
  membershipChanged(convId: string): void {
    this.members.forget(convId);
    this.signalled(convId);
  }

  /** The conversation's members changed (who, or their roles): its members here are told (`members` in their user room), for a member list open. */
  private signalled(convId: string): void {
    if (!this.closed) this.track(this.signalMembers(convId));
  }

  private async signalMembers(convId: string): Promise<void> {
    try {
      const members = await this.members.among(convId, this.deps.rooms);
      const keepSince = Date.now() - KEEP_MS;
      for (const userId of members) {
        const room = this.deps.rooms.peek(userRoom(userId));
        if (!room) continue;
        const kept = Object.entries(serverField(room.awareness, 'members') ?? {}).filter(([, at]) => at >= keepSince);
        setServerField(room.awareness, 'members', { ...Object.fromEntries(kept), [convId]: nextStamp(serverField(room.awareness, 'members')?.[convId]) });
      }
    } catch (err) {
      // A member list open is read again when next shown.
      this.deps.log.warn({ err, convId }, 'signalling a membership change failed');
    }
  }

  /** A message was accepted here: this instance's members now, the others through the bus. */
  async accepted(convId: string, message: { id: string; seq: number; segment: number; body: string; at: Date; author: string; authorName: string; system?: boolean }): Promise<void> {
    const { author, authorName } = message;
    await this.spread({ convId, segment: message.segment, lastSeq: message.seq, id: message.id, preview: previewOf(message.body), at: message.at.toISOString(), author, authorName, ...(message.system && { system: [message.seq] }) });
  }

  /**
   * A message was deleted here: if it is still the conversation's last, its members are told as
   * of a new one (the same seq, `deleted`), so that their lists stop quoting it.
   */
  deleted(message: ChangedMessage): Promise<void> {
    return this.lastChanged(message, { preview: '', deleted: true });
  }

  /** A message was edited here: if it is still the conversation's last, its members' lists quote its new text. */
  edited(message: ChangedMessage, body: string, editedAt: Date): Promise<void> {
    return this.lastChanged(message, { preview: previewOf(body), editedAt: editedAt.toISOString() });
  }

  private async lastChanged(message: ChangedMessage, change: Pick<Activity, 'preview' | 'deleted' | 'editedAt'>): Promise<void> {
    const convId = message.conversationId;
    try {
      const [last, author] = await Promise.all([
        Conversation.query(this.deps.db).findById(convId).where('last_seq', message.seq).select('id'),
        User.query(this.deps.db).findById(message.authorId).select('username'),
      ]);
      if (!last) return;
      const at = new Date(message.createdAt).toISOString();
      await this.spread({ convId, segment: message.segment, lastSeq: message.seq, id: message.id, at, author: message.authorId, authorName: author?.username ?? '', ...change });
    } catch (err) {
      // The change is accepted either way; the lists read the conversation again when they reconnect.
      this.deps.log.warn({ err, convId }, 'signalling a change of the last message failed');
    }
  }

  /** Members here now, the other instances' through the bus. */
  private async spread(activity: Activity): Promise<void> {
    this.record(activity);
    await this.deps.events.publish({ type: 'conversation.activity', ...activity }).catch((err: unknown) => {
      this.deps.log.warn({ err, convId: activity.convId }, 'publishing conversation activity failed');
    });
  }

  /** Signals the activity to the conversation's members whose room is loaded here; never backwards. Returns at once. */
  record(activity: Activity): void {
    const { convId, lastSeq, deleted, editedAt } = activity;
    if (this.closed || !movesOn(activity, this.recorded.get(convId))) return;
    this.recorded.set(convId, { lastSeq, deleted, editedAt });
    const waiting = this.waitingForMembers.get(convId);
    const system = systemLinesOf(waiting?.system, activity.system);
    this.waitingForMembers.set(convId, { ...activity, ...(system && { system }) });
    const queryRunning = waiting !== undefined;
    if (!queryRunning) this.track(this.deliver(convId));
  }

  /** Finishes the lookups under way and sends what waits; signals no more. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    clearTimeout(this.timer);
    this.signal();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Until nothing waits for the conversation: one lookup, then the newest activity queued for each member. */
  private async deliver(convId: string): Promise<void> {
    for (let activity = this.waitingForMembers.get(convId); activity; activity = this.waitingForMembers.get(convId)) {
      try {
        const members = await this.members.among(convId, this.deps.rooms);
        // Counted once a member has a session here: members who only hold the conversation's socket (op frames) cost nothing.
        let watching: Map<string, number> | undefined;
        const { lastSeq, id, preview, at, author, authorName, deleted, editedAt, system } = activity;
        const entry: InboxEntry = {
          lastSeq,
          ...(id !== undefined && { id }),
          preview,
          at,
          ...(author !== undefined && { author }),
          ...(authorName !== undefined && { authorName }),
          ...(deleted && { deleted }),
          ...(editedAt !== undefined && { editedAt }),
          ...(system && { system }),
        };
        for (const userId of members) {
          const sessions = this.deps.rooms.peek(userRoom(userId))?.connections.size ?? 0;
          if (sessions === 0) continue;
          watching ??= this.socketsPerUser(convRoom(convId, activity.segment));
          // As many sockets on the conversation as on their own room here: each session shows the message.
          if ((watching.get(userId) ?? 0) < sessions) this.queue(userId, convId, entry);
        }
      } catch (err) {
        // The message is accepted either way; the client reads lastSeq from the API when it comes back.
        this.deps.log.error({ err, convId, lastSeq: activity.lastSeq }, 'signalling inboxes failed');
      }
      if (this.waitingForMembers.get(convId) === activity) this.waitingForMembers.delete(convId);
    }
  }

  /** Users with sockets on the room here, and how many each. */
  private socketsPerUser(room: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { user } of this.deps.rooms.peek(room)?.connections ?? []) counts.set(user.userId, (counts.get(user.userId) ?? 0) + 1);
    return counts;
  }

  private queue(userId: string, convId: string, entry: InboxEntry): void {
    let entries = this.waiting.get(userId);
    if (!entries) this.waiting.set(userId, (entries = new Map()));
    const before = entries.get(convId);
    const system = systemLinesOf(before?.system, entry.system);
    if (movesOn(entry, before)) entries.set(convId, { ...entry, ...(system && { system }) });
    this.timer ??= setTimeout(() => this.signal(), SIGNAL_INTERVAL_MS);
  }

  /** One awareness update per user room with waiting entries: the new ones, and those kept from before. */
  private signal(): void {
    this.timer = undefined;
    const waiting = [...this.waiting];
    this.waiting.clear();
    const keepSince = Date.now() - KEEP_MS;
    for (const [userId, entries] of waiting) {
      const room = this.deps.rooms.peek(userRoom(userId));
      if (!room) continue;
      const inbox: Record<string, InboxEntry> = {};
      for (const [convId, kept] of Object.entries(serverField(room.awareness, 'inbox') ?? {})) {
        if (Date.parse(kept.at) >= keepSince) inbox[convId] = kept;
      }
      for (const [convId, entry] of entries) if (movesOn(entry, inbox[convId])) inbox[convId] = entry;
      setServerField(room.awareness, 'inbox', inbox);
    }
  }
}
