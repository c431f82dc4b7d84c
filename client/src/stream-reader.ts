/**
 * The messages being streamed into a conversation, as its readers see them (docs/protocol.md,
 * "Streamed messages"): each author's awareness state on the head segment carries a chunk
 * `{id, from, text}` that replaces the text from `from` on (`withChunk`). A reader that came in the
 * middle (a chunk starting past what it has) shows nothing of that stream; every reader sees the
 * final message. A stream leaves the list when its message is in the segment, or when its author
 * clears the field (an abort, or a socket gone: the server then records it as it stood).
 * One piece for the library's `Conversation` and the PWA's view.
 */
import { STREAM_FIELD, withChunk } from '@volley/shared';
import type { Awareness } from 'y-protocols/awareness';
import { Listeners } from './listeners.js';
import { loadedSchemas, loadSchemas } from './schemas.js';

/** A message being written: its id to be, its author (stamped by the server) and its text so far. */
export interface LiveStream {
  id: string;
  author: string;
  authorName: string;
  text: string;
}

interface Followed {
  id: string;
  author: string;
  authorName: string;
  /** Undefined: joined in the middle, waiting for the message. */
  text: string | undefined;
}

export class StreamReader {
  /** The streams shown, whenever one starts, grows or ends. */
  readonly changed = new Listeners<[LiveStream[]]>();
  /** By the author's awareness client id: one stream per session at a time. */
  readonly #byClient = new Map<number, Followed>();
  #shown: LiveStream[] = [];

  constructor(
    private readonly awareness: Awareness,
    /** Whether the conversation already holds a message with this id (the stream has ended). */
    private readonly isMessage: (id: string) => boolean,
  ) {
    awareness.on('change', this.read);
    this.read();
  }

  /** The streams growing now, oldest first. */
  streams(): LiveStream[] {
    return this.#shown;
  }

  /** Reads the states again (on an awareness change; call it when messages arrive too). */
  readonly read = (): void => {
    // A stream is shown once its chunks can be validated: until the schemas are here, read again then.
    const schemas = loadedSchemas();
    if (!schemas) return void loadSchemas().then(this.read, () => undefined);
    const seen = new Set<number>();
    this.awareness.getStates().forEach((state, client) => {
      if (client === this.awareness.clientID) return;
      const parsed = schemas.StreamChunk.safeParse((state as Record<string, unknown>)[STREAM_FIELD]);
      const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
      if (!parsed.success || typeof user?.id !== 'string') return;
      seen.add(client);
      const chunk = parsed.data;
      const known = this.#byClient.get(client);
      const before = known?.id === chunk.id ? known.text : '';
      const text = before === undefined ? undefined : withChunk(before, chunk);
      this.#byClient.set(client, { id: chunk.id, author: user.id, authorName: typeof user.name === 'string' ? user.name : '', text });
    });
    for (const client of this.#byClient.keys()) if (!seen.has(client)) this.#byClient.delete(client);
    this.#show();
  };

  close(): void {
    this.awareness.off('change', this.read);
    this.#byClient.clear();
  }

  #show(): void {
    const shown = [...this.#byClient.values()]
      .filter((s): s is LiveStream => s.text !== undefined && s.text !== '' && !this.isMessage(s.id))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((s) => ({ ...s }));
    if (JSON.stringify(shown) === JSON.stringify(this.#shown)) return;
    this.#shown = shown;
    this.changed.emit(shown);
  }
}
