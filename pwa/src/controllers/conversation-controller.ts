/**
 * The conversation a component shows, as the client library's `Conversation` (docs/architecture.md
 * §7): its head, synced live and followed when sealed or when the conversation record names a newer
 * one, plus the older segments loaded on demand (scrolling up, jumping to a quoted or found
 * message). Every segment is a sync room, so its local copy stays in Dexie and reads offline later.
 * Re-renders the host when anything it shows changes.
 */
import type { Conversation, SyncRoom, VolleyClient } from '@volley/client';
import { ConvDoc, type Message } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long a segment that is not cached may take to arrive from the server. */
const SYNC_WAIT_MS = 5_000;

export interface ConversationOptions {
  volley: () => VolleyClient | undefined;
  /** The conversation and the head segment its record names; null for none. */
  conversation: () => { id: string; headSegment: number } | null;
}

const waitSynced = (room: SyncRoom): Promise<unknown> => Promise.race([room.whenSynced(), new Promise((r) => setTimeout(r, SYNC_WAIT_MS))]);

export class ConversationController implements ReactiveController {
  /** True once the head's local copy is applied. */
  headLoaded = false;
  #conversation: Conversation | null = null;
  /** The conversation being opened (the library's open is asynchronous), or the one open. */
  #opening: Promise<Conversation | null> = Promise.resolve(null);
  #stop: (() => void) | null = null;
  /** The conversation asked for last (an answer for an earlier ask is dropped: `#opening` moved on). */
  #wanted: string | null = null;
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

  /** The messages of every loaded segment, in seq order, each once. */
  messages(): readonly Message[] {
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
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#close();
  }

  #follow(): void {
    const record = this.#options.conversation();
    const volley = this.#options.volley();
    if (!record || !volley) return this.#close();
    if (this.#wanted === record.id) return this.#conversation?.moveTo(record.headSegment);
    this.#close();
    this.#wanted = record.id;
    const opening = volley.conversation(record.id, record.headSegment).then((conversation) => {
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
        changed();
      });
      changed();
      return conversation;
    });
    this.#opening = opening;
  }

  #close(): void {
    this.#stop?.();
    this.#stop = null;
    this.#conversation?.close();
    this.#conversation = null;
    this.#opening = Promise.resolve(null);
    this.#wanted = null;
    this.headLoaded = false;
  }
}
