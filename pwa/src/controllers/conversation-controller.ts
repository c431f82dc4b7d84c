/**
 * The conversation a component shows, as the client library's `Conversation` (docs/architecture.md
 * §7): its head, synced live and followed when sealed or when the conversation record names a newer
 * one, plus the older segments loaded on demand (scrolling up, jumping to a quoted or found
 * message). Every segment is a sync room, so its local copy stays in Dexie and reads offline later.
 * Re-renders the host when anything it shows changes.
 *
 * The newest messages are also kept as plain values (`snapshots`, the last SNAPSHOT_SIZE, written a
 * moment after they change and when the conversation closes): opening, they are shown from there
 * first, and the head segment is opened once that frame is painted. Reading a head's local copy is
 * decoding a whole segment of Yjs (up to 1,000 messages, or more in a head written by other means),
 * tens of milliseconds that would otherwise come before the first message shows. Once the copy is
 * read the head's messages replace the snapshot's (the same elements, keyed by id), and the log
 * renders the older ones of its window above them, out of view.
 */
import type { Conversation, SyncRoom, VolleyClient } from '@volley/client';
import { ConvDoc, type Message } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { VolleyDB } from '../db/db.js';
import { takeSnapshot } from '../db/snapshot-ahead.js';

/** How long a segment that is not cached may take to arrive from the server. */
const SYNC_WAIT_MS = 5_000;
/**
 * Messages kept in a snapshot: more than a tall screen shows, fewer than the log's window (volley-message-list.ts,
 * MAX_SHOWN), whose rendering and layout the first paint waits for: half of it is half of that work.
 */
export const SNAPSHOT_SIZE = 50;
/** How long after a change the snapshot is written; a busy conversation writes it at most this often. */
const SNAPSHOT_DELAY_MS = 1_000;

export interface ConversationOptions {
  volley: () => VolleyClient | undefined;
  /** The conversation and the head segment its record names; null for none. */
  conversation: () => { id: string; headSegment: number } | null;
  /** Where the snapshots are kept; none: the head opens at once. */
  db?: () => VolleyDB | undefined;
}

const waitSynced = (room: SyncRoom): Promise<unknown> => Promise.race([room.whenSynced(), new Promise((r) => setTimeout(r, SYNC_WAIT_MS))]);

export class ConversationController implements ReactiveController {
  /** True once the head's local copy is applied. */
  headLoaded = false;
  #conversation: Conversation | null = null;
  /** The newest messages as last shown, until the head's local copy is read. */
  #snapshot: readonly Message[] | null = null;
  #snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  /** The conversation being opened (the library's open is asynchronous), or the one open. */
  #opening: Promise<Conversation | null> = Promise.resolve(null);
  #stop: (() => void) | null = null;
  /** The conversation asked for last (an answer for an earlier ask is dropped: `#opening` moved on). */
  #wanted: string | null = null;
  /** Its snapshot painted (or none found). */
  #shown: Promise<void> = Promise.resolve();
  /** Its head is open, or opening: the client library had come (the shell makes one, once). */
  #headOpened = false;
  readonly #host: ReactiveControllerHost;
  readonly #options: ConversationOptions;

  constructor(host: ReactiveControllerHost, options: ConversationOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The head segment's room (typing, presence, streams, receipts), or null before it opens. */
  get head(): SyncRoom | null {
    return this.#conversation?.room ?? null;
  }

  /** Resolves once the conversation's snapshot has painted, or at once when the device has none. */
  get shown(): Promise<void> {
    return this.#shown;
  }

  /** The messages of every loaded segment, in seq order, each once. */
  messages(): readonly Message[] {
    if (!this.headLoaded && this.#snapshot) return this.#snapshot;
    return this.#conversation?.messages() ?? [];
  }

  nextOlder(): number | null {
    return this.#conversation?.nextOlder() ?? null;
  }

  /** Loads segment n (default: the next older one); resolves once its messages are here, or after a wait. */
  async load(n?: number): Promise<void> {
    const room = await (await this.#opening)?.loadOlder(n);
    if (room && ConvDoc.messages(room.doc).length === 0) await waitSynced(room);
  }

  /** Resolves once the head has the server's state (a link to a message just sent), or after a wait; at once offline. */
  async headSynced(): Promise<void> {
    const head = (await this.#opening)?.room;
    if (!head) return;
    await head.loaded;
    await waitSynced(head);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.#flush);
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.#flush);
    this.#close();
  }

  /**
   * The snapshot shows as soon as the conversation is asked for; its head opens once the client
   * library is there too (the shell loads it after the first page has painted).
   */
  #follow(): void {
    const record = this.#options.conversation();
    if (!record) return this.#close();
    const db = this.#options.db?.();
    if (this.#wanted !== record.id) {
      this.#close();
      this.#wanted = record.id;
      this.#shown = this.#snapshotFirst(db, record.id);
    }
    const volley = this.#options.volley();
    if (!volley) return;
    if (this.#headOpened) return this.#conversation?.moveTo(record.headSegment);
    this.#headOpened = true;
    const opening: Promise<Conversation | null> = this.#shown.then(async () => {
      if (this.#opening !== opening) return null;
      const conversation = await volley.conversation(record.id, record.headSegment);
      if (this.#opening !== opening) {
        conversation.close();
        return null;
      }
      this.#conversation = conversation;
      const changed = (): void => this.#host.requestUpdate();
      const stops = [conversation.changed.add(changed), conversation.message.add(changed)];
      this.#stop = () => stops.forEach((stop) => stop());
      void conversation.room.loaded.then(() => {
        if (this.#conversation !== conversation) return;
        this.headLoaded = true;
        this.#snapshot = null;
        changed();
        if (!db) return;
        // Kept for the next open: now (the first open has none yet), then after each change.
        const keep = (): void => this.#snapshotSoon(db, conversation);
        keep();
        stops.push(conversation.changed.add(keep), conversation.message.add(keep));
      });
      changed();
      return conversation;
    });
    this.#opening = opening;
  }

  /**
   * Shows the conversation's snapshot, if the device has one, and resolves once that frame is
   * painted (a task after the frame's animation callbacks), so that the head's local copy is read
   * after it; at once without one.
   */
  async #snapshotFirst(db: VolleyDB | undefined, convId: string): Promise<void> {
    const snapshot = db && (await takeSnapshot(db, convId));
    if (!snapshot || this.#wanted !== convId || snapshot.messages.length === 0) return;
    // A snapshot kept when it held more shows as many as one kept now.
    this.#snapshot = snapshot.messages.slice(-SNAPSHOT_SIZE);
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    // A hidden page paints no frame (nor runs animation callbacks): the head opens at once.
    if (document.visibilityState === 'visible') await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  }

  /** A snapshot written SNAPSHOT_DELAY_MS after a change, unless one is pending already (a busy conversation still gets one a second). */
  #snapshotSoon(db: VolleyDB, conversation: Conversation): void {
    if (this.#snapshotTimer !== undefined) return;
    this.#snapshotTimer = setTimeout(() => {
      this.#snapshotTimer = undefined;
      void writeSnapshot(db, conversation);
    }, SNAPSHOT_DELAY_MS);
  }

  /** The pending snapshot written now: what is shown is what the next open paints first. */
  readonly #flush = (): void => {
    if (this.#snapshotTimer === undefined) return;
    clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = undefined;
    const db = this.#options.db?.();
    if (db && this.#conversation && this.headLoaded) void writeSnapshot(db, this.#conversation);
  };

  #close(): void {
    this.#flush();
    this.#snapshot = null;
    this.#stop?.();
    this.#stop = null;
    this.#conversation?.close();
    this.#conversation = null;
    this.#opening = Promise.resolve(null);
    this.#wanted = null;
    this.#shown = Promise.resolve();
    this.#headOpened = false;
    this.headLoaded = false;
  }
}

/** Keeps the conversation's newest messages as the next open's snapshot. */
function writeSnapshot(db: VolleyDB, conversation: Conversation): Promise<unknown> {
  return db.snapshots.put({ convId: conversation.convId, messages: conversation.messages().slice(-SNAPSHOT_SIZE) }).catch(() => undefined);
}
