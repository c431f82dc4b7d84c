/**
 * The messages being streamed into the conversation on screen (docs/protocol.md, "Streamed
 * messages"), read by the client library's StreamReader from the head segment's awareness; the
 * host re-renders as they grow. Remembers when each was first seen, for the time it shows.
 */
import { StreamReader, type LiveStream, type SyncRoom } from '@volley/client';
import { ConvDoc } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class StreamsController implements ReactiveController {
  streams: LiveStream[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #room: () => SyncRoom | null;
  readonly #firstSeen = new Map<string, string>();
  #attached: SyncRoom | null = null;
  #stop: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, room: () => SyncRoom | null) {
    this.#host = host;
    this.#room = room;
    host.addController(this);
  }

  /** When the stream was first seen here (ISO 8601). */
  readonly at = (id: string): string => this.#firstSeen.get(id) ?? new Date().toISOString();

  hostUpdated(): void {
    if (this.#room() === this.#attached) return;
    this.#detach();
    const room = this.#room();
    if (!room) return;
    this.#attached = room;
    const messages = ConvDoc.messages(room.doc);
    const reader = new StreamReader(room.awareness, (id) => messages.toArray().some((m) => m.id === id));
    const stopShowing = reader.changed.add((streams) => this.#show(streams));
    // A stream ends when its message arrives, whichever of the two the socket brings first.
    messages.observe(reader.read);
    this.#stop = () => {
      stopShowing();
      messages.unobserve(reader.read);
      reader.close();
    };
    this.#show(reader.streams());
  }

  hostDisconnected(): void {
    this.#detach();
  }

  #show(streams: LiveStream[]): void {
    for (const { id } of streams) if (!this.#firstSeen.has(id)) this.#firstSeen.set(id, new Date().toISOString());
    for (const id of this.#firstSeen.keys()) if (!streams.some((s) => s.id === id)) this.#firstSeen.delete(id);
    this.streams = streams;
    this.#host.requestUpdate();
  }

  #detach(): void {
    this.#stop?.();
    this.#attached = this.#stop = null;
    if (this.streams.length > 0) this.#show([]);
  }
}
