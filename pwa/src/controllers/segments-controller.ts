/**
 * The segments of one conversation a component shows (docs/architecture.md §3): the head, synced live and
 * followed when sealed (`meta.next`) or when the conversation record names a newer one (what was
 * loaded is let go, as on opening: the message list loads the previous segment back if the new head
 * does not fill the screen), plus the older ones loaded on demand (scrolling up, jumping
 * to a quoted or found message). Every segment is a sync room, so its local copy stays in Dexie and
 * reads offline later. Re-renders the host when any of their messages change.
 */
import { ConvDoc, convRoom, type Message } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { mergeSegments } from '../chat/timeline.js';
import type { SyncManager } from '../sync/sync-manager.js';
import type { SyncRoom } from '@volley/client';

/** How long a segment that is not cached may take to arrive from the server. */
const SYNC_WAIT_MS = 5_000;

export interface SegmentsOptions {
  sync: () => SyncManager | undefined;
  /** The conversation and the head segment its record names; null for none. */
  conversation: () => { id: string; headSegment: number } | null;
}

export class SegmentsController implements ReactiveController {
  /** True once the head's local copy is applied. */
  headLoaded = false;
  readonly #host: ReactiveControllerHost;
  readonly #options: SegmentsOptions;
  readonly #rooms = new Map<number, { room: SyncRoom; stop: () => void }>();
  #convId: string | null = null;
  #head = 0;

  constructor(host: ReactiveControllerHost, options: SegmentsOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get head(): SyncRoom | null {
    return this.#rooms.get(this.#head)?.room ?? null;
  }

  /** The messages of every loaded segment, in seq order, each once. */
  messages(): Message[] {
    return mergeSegments([...this.#rooms.values()].map(({ room }) => ConvDoc.messages(room.doc).toArray()));
  }

  /** The newest segment below the head that is not loaded, or null. */
  nextOlder(): number | null {
    for (let n = this.#head - 1; n >= 0; n--) if (!this.#rooms.has(n)) return n;
    return null;
  }

  hostConnected(): void {
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#releaseAll();
  }

  /** Loads segment n (default: the next older one); resolves once its messages are here, or after a wait. */
  async load(n = this.nextOlder()): Promise<void> {
    if (n === null || n < 0 || n > this.#head || !this.#convId || !this.#options.sync()) return;
    const room = this.#open(n);
    await room.loaded;
    if (ConvDoc.messages(room.doc).length === 0) await Promise.race([room.whenSynced(), new Promise((r) => setTimeout(r, SYNC_WAIT_MS))]);
  }

  /** Resolves once the head has the server's state (a link to a message just sent), or after a wait; at once offline. */
  async headSynced(): Promise<void> {
    const head = this.head;
    if (!head || !this.#options.sync()) return;
    await head.loaded;
    await Promise.race([head.whenSynced(), new Promise((r) => setTimeout(r, SYNC_WAIT_MS))]);
  }

  #follow(): void {
    const conversation = this.#options.conversation();
    if (conversation?.id !== this.#convId) {
      this.#releaseAll();
      this.#convId = conversation?.id ?? null;
      this.#head = conversation?.headSegment ?? 0;
    }
    if (!conversation || !this.#options.sync()) return;
    const next = this.head ? ConvDoc.meta(this.head.doc).get('next') : undefined;
    const head = Math.max(this.#head, conversation.headSegment, typeof next === 'number' ? next : 0);
    if (head > this.#head) {
      this.#releaseAll();
      this.#head = head;
    }
    if (!this.#rooms.has(this.#head)) {
      const room = this.#open(this.#head);
      this.headLoaded = false;
      void room.loaded.then(() => {
        if (this.head !== room) return;
        this.headLoaded = true;
        this.#host.requestUpdate();
      });
    }
  }

  #open(n: number): SyncRoom {
    const existing = this.#rooms.get(n);
    if (existing) return existing.room;
    const sync = this.#options.sync()!;
    const room = sync.acquire(convRoom(this.#convId!, n));
    const types = [ConvDoc.messages(room.doc), ConvDoc.meta(room.doc), ConvDoc.receipts(room.doc)];
    const changed = (): void => this.#host.requestUpdate();
    types.forEach((type) => type.observeDeep(changed));
    const stopStatus = room.statusChanged.add(changed);
    this.#rooms.set(n, {
      room,
      stop: () => {
        types.forEach((type) => type.unobserveDeep(changed));
        stopStatus();
        sync.release(room);
      },
    });
    this.#host.requestUpdate();
    return room;
  }

  #releaseAll(): void {
    this.#rooms.forEach(({ stop }) => stop());
    this.#rooms.clear();
    this.headLoaded = false;
  }
}
