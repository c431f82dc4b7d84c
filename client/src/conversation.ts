/**
 * A conversation as typed events: `message` (a new one), `edit`, `delete`, `reaction`, `typing`,
 * `presence` (who is here) and `streams` (messages being streamed), read from its head segment
 * room (docs/protocol.md, `conv.<convId>.<n>`), following `meta.next` when the segment is
 * sealed, or to a newer head its record names (`moveTo`). Messages are keyed by id (a duplicate
 * element is the same message) and ordered by seq. Older messages come from the API, a page at a
 * time (`history`), or as whole older segments (`loadOlder`: rooms too, so a local copy keeps them
 * for offline reading), whose messages are not told as new, nor are those of the head's local copy. `changed` fires on anything a view
 * shows (a message, a receipt, the head's socket status). `stream()` writes a streamed message.
 */
import { ConvDoc, convRoom, type HistoryPage, type Message } from '@volley/shared';
import type * as Y from 'yjs';
import type { ApiClient } from './api-client.js';
import { Listeners } from './listeners.js';
import { MessageStream, type StreamOptions } from './message-stream.js';
import type { OpSender } from './outbox.js';
import type { RoomPool } from './room-pool.js';
import { StreamReader, type LiveStream } from './stream-reader.js';
import type { SyncRoom } from './sync-room.js';

/** Someone with a session on the conversation, as its awareness shows them (identity stamped by the server). */
export interface Present {
  userId: string;
  name: string;
  typing: boolean;
}

export class Conversation {
  readonly message = new Listeners<[Message]>();
  readonly edit = new Listeners<[Message, Message]>();
  readonly delete = new Listeners<[Message]>();
  readonly reaction = new Listeners<[Message, Message]>();
  /** Who is typing now, whenever it changes. */
  readonly typing = new Listeners<[Present[]]>();
  /** Everyone here (sessions on the room), whenever it changes. */
  readonly presence = new Listeners<[Present[]]>();
  /** The messages being streamed here (each with its text so far), whenever one starts, grows or ends. */
  readonly streams = new Listeners<[LiveStream[]]>();
  /** Anything shown changed: a message of any segment followed, a receipt, the head's socket status. */
  readonly changed = new Listeners<[]>();

  readonly #known = new Map<string, Message>();
  /** `#known` by seq, made when first asked after a change. */
  #sorted: readonly Message[] | null = null;
  #head!: SyncRoom;
  /** Older segments loaded, by number. */
  readonly #older = new Map<number, SyncRoom>();
  /** Each segment open → what stops observing it. */
  readonly #stops = new Map<SyncRoom, (() => void)[]>();
  #typingKey = '';
  #reader: StreamReader | undefined;
  #closed = false;

  constructor(
    readonly convId: string,
    headSegment: number,
    private readonly rooms: RoomPool,
    private readonly api: ApiClient,
    private readonly outbox?: () => OpSender,
  ) {
    this.#open(headSegment);
  }

  /** The messages of the segments followed, by seq: the same array until one comes, changes or goes (a view can tell it changed by identity). */
  messages(): readonly Message[] {
    this.#sorted ??= [...this.#known.values()].sort((a, b) => a.seq - b.seq);
    return this.#sorted;
  }

  /** The head segment room (the newest followed). */
  get room(): SyncRoom {
    return this.#head;
  }

  /** The head segment's number. */
  get head(): number {
    return this.#number(this.room);
  }

  /** Resolves once the head segment's state arrived. */
  whenSynced(): Promise<void> {
    return this.room.whenSynced();
  }

  /** The record names a newer head (the segment sealed before this client heard `meta.next`): followed from there. */
  moveTo(head: number): void {
    if (head > this.head && !this.#closed) this.#open(head);
  }

  /** The newest segment below the head that is not loaded, or null. */
  nextOlder(): number | null {
    for (let n = this.head - 1; n >= 0; n--) if (!this.#older.has(n)) return n;
    return null;
  }

  /** Loads segment n (by default the next older one); resolves with its room once its local copy is read. */
  async loadOlder(n = this.nextOlder()): Promise<SyncRoom | null> {
    if (n === null || n < 0 || n >= this.head || this.#closed) return null;
    let room = this.#older.get(n);
    if (!room) {
      room = this.rooms.acquire(convRoom(this.convId, n));
      this.#older.set(n, room);
      this.#stops.set(room, []);
      this.#watch(room, false);
    }
    await room.loaded;
    return room;
  }

  /** Says whether this session is typing (awareness; at most a few changes a second, the budget's 10 allow it). */
  setTyping(typing: boolean): void {
    this.room.awareness.setLocalStateField('typing', typing);
  }

  /** Starts a streamed message here (from the head segment): `append`, then `end` or `abort`. */
  stream(options: StreamOptions = {}): MessageStream {
    if (!this.outbox) throw new Error('no outbox: open the conversation through VolleyClient');
    return new MessageStream(this.convId, this.room.awareness, this.outbox(), options);
  }

  /** The messages being streamed now. */
  liveStreams(): LiveStream[] {
    return this.#reader?.streams() ?? [];
  }

  /** A page of older messages from the API, newest first; pass the last page's `nextCursor` for the next. */
  history(before?: number | string | null, limit?: number): Promise<HistoryPage> {
    return this.api.history(this.convId, before == null ? undefined : Number(before), limit);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#head.awareness.setLocalState(null);
    [...this.#stops.keys()].forEach((room) => this.#letGo(room, false));
  }

  /** Stops reading a segment and releases it; its messages leave the list (`forget`). */
  #letGo(room: SyncRoom, forget: boolean): void {
    this.#stops.get(room)?.forEach((stop) => stop());
    this.#stops.delete(room);
    this.rooms.release(room);
    if (!forget) return;
    for (const { id } of ConvDoc.messages(room.doc).toArray()) this.#known.delete(id);
    this.#sorted = null;
  }

  #number(room: SyncRoom): number {
    return Number(room.name.slice(room.name.lastIndexOf('.') + 1));
  }

  /**
   * Follows a new head; what was open before is let go, as on opening (a view loads older segments
   * back as it needs them): a stale record would otherwise drag every sealed segment in.
   */
  #open(segment: number): void {
    const room = this.rooms.acquire(convRoom(this.convId, segment));
    const before = [...this.#stops.keys()];
    if (this.#head) this.#head.awareness.setLocalState(null);
    before.forEach((old) => this.#letGo(old, true));
    this.#older.clear();
    this.#head = room;
    const meta = ConvDoc.meta(room.doc);
    const follow = () => {
      const next = meta.get('next');
      if (typeof next === 'number' && this.room === room && !this.#closed) this.#open(next);
    };
    const people = () => this.#people(room);
    this.#reader?.close();
    const reader = new StreamReader(room.awareness, (id) => this.#known.has(id));
    this.#reader = reader;
    const stopStreams = reader.changed.add((streams) => this.streams.emit(streams));
    meta.observe(follow);
    room.awareness.on('change', people);
    const stop = () => {
      meta.unobserve(follow);
      room.awareness.off('change', people);
      stopStreams();
      reader.close();
    };
    this.#stops.set(room, [stop]);
    this.#watch(room, true);
    if (before.length > 0) this.changed.emit();
    follow();
  }

  /** Reads a segment's messages as they change (`tell`: as events; an older segment's only into the list). */
  #watch(room: SyncRoom, tell: boolean): void {
    const messages = ConvDoc.messages(room.doc);
    const receipts = ConvDoc.receipts(room.doc);
    // What the local copy holds is not new: read into the list, not told (a head of thousands
    // would be thousands of events as it opens).
    let copyRead = false;
    void room.loaded.then(() => (copyRead = true));
    // A change is read from what it put in (a changed message is replaced: it comes in anew), not
    // by reading every message of a head of thousands again.
    const read = (event?: Y.YArrayEvent<Message>) => this.#read(event ? inserted(event) : messages.toArray(), tell && copyRead);
    const changed = () => this.changed.emit();
    messages.observe(read);
    receipts.observe(changed);
    const stopStatus = room.statusChanged.add(changed);
    // Its local copy read: a view can tell "empty" from "not read yet".
    void room.loaded.then(changed, () => undefined);
    this.#stops.get(room)!.push(() => {
      messages.unobserve(read);
      receipts.unobserve(changed);
      stopStatus();
    });
    read();
  }

  #read(messages: readonly Message[], tell: boolean): void {
    let changed = false;
    for (const message of messages) {
      const before = this.#known.get(message.id);
      if (before && same(before, message)) continue;
      this.#known.set(message.id, message);
      this.#sorted = null;
      changed = true;
      if (!tell) continue;
      if (!before) {
        // A stream's message: the stream ends before the message is told.
        this.#reader?.read();
        this.message.emit(message);
      } else if (message.deletedAt && !before.deletedAt) this.delete.emit(message);
      else if (message.editedAt !== before.editedAt || message.body !== before.body) this.edit.emit(message, before);
      else if (JSON.stringify(message.reactions ?? {}) !== JSON.stringify(before.reactions ?? {})) this.reaction.emit(message, before);
    }
    if (changed) this.changed.emit();
  }

  #people(room: SyncRoom): void {
    if (room !== this.room) return;
    const people: Present[] = [];
    room.awareness.getStates().forEach((state, client) => {
      if (client === room.doc.clientID) return;
      const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
      if (typeof user?.id !== 'string') return;
      people.push({ userId: user.id, name: typeof user.name === 'string' ? user.name : '', typing: (state as { typing?: unknown }).typing === true });
    });
    this.presence.emit(people);
    const typing = people.filter((p) => p.typing);
    const key = typing.map((p) => p.userId).sort().join(',');
    if (key === this.#typingKey) return;
    this.#typingKey = key;
    this.typing.emit(typing);
  }
}

/** The values a change of the array put in, in the array's order. */
const inserted = <T>(event: Y.YArrayEvent<T>): T[] => event.changes.delta.flatMap((part) => (Array.isArray(part.insert) ? (part.insert as T[]) : []));

/** The server replaces an element to change it; the same JSON is the same message. */
const same = (a: Message, b: Message): boolean => JSON.stringify(a) === JSON.stringify(b);
