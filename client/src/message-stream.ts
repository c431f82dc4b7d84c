/**
 * Writing a streamed message (docs/protocol.md, "Streamed messages"): the text grows in the
 * author's awareness state on the conversation's head segment, as chunks `{id, from, text}` that
 * carry only what is new, and ends as one ordinary `send` under the stream's id — recorded once,
 * never edited, retried like any send (`rate_limited` included) under that same id.
 *
 *   const reply = conversation.stream();
 *   for await (const token of tokens) reply.append(token);
 *   const outcome = await reply.end();
 *
 * Appends are coalesced: at most one change every STREAM_INTERVAL_MS, each at most
 * STREAM_CHUNK_MAX_LENGTH long (a longer burst goes out over several changes), the whole at most a
 * message long (the rest is dropped).
 */
import { MESSAGE_MAX_LENGTH, newId, STREAM_CHUNK_MAX_LENGTH, STREAM_FIELD, SYNC_BUDGETS, type StreamChunk } from '@volley/shared';
import type { Awareness } from 'y-protocols/awareness';
import type { OpSender, PendingOp } from './outbox.js';

/** Half the socket's awareness budget: the rest stays for typing and the state's renewals. */
export const STREAM_INTERVAL_MS = 1000 / (SYNC_BUDGETS.awareness.socket.frames.perSecond / 2);

/** A cut never splits a surrogate pair (a chunk must be well-formed text). */
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export interface StreamOptions {
  /** The message it answers. */
  replyTo?: string;
}

export class MessageStream {
  /** The message's id to be. */
  readonly id = newId();
  #text = '';
  /** How much of the text readers have. */
  #sent = 0;
  #lastChange = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #open = true;

  constructor(
    readonly convId: string,
    private readonly awareness: Awareness,
    private readonly outbox: OpSender,
    private readonly options: StreamOptions = {},
  ) {}

  /** The text so far. */
  get text(): string {
    return this.#text;
  }

  /** Adds text; readers see it within STREAM_INTERVAL_MS. */
  append(text: string): void {
    if (!this.#open) throw new Error('the stream has ended');
    this.#text = (this.#text + text).slice(0, MESSAGE_MAX_LENGTH);
    this.#schedule();
  }

  /** Sends the final text (by default the text so far) as the message; resolves to the send's outcome. */
  end(finalText = this.#text): PendingOp {
    this.#stop();
    const { replyTo } = this.options;
    const pending = this.outbox.queue({ op: 'send', convId: this.convId, body: finalText, ...(replyTo ? { replyTo } : {}) }, this.id);
    void pending.outcome.then((outcome) => {
      // Refused: nothing is left for the server to record as incomplete later.
      if (outcome.status === 'rejected') this.#change({ id: this.id, from: 0, text: '' });
      this.#clear();
    });
    return pending;
  }

  /** Takes the text back: readers see it vanish, and no message is made. */
  abort(): void {
    if (!this.#open) return;
    this.#stop();
    this.#change({ id: this.id, from: 0, text: '' });
    this.#clear();
  }

  /** Clears the field, unless the session's next stream holds it already (one stream per session and room at a time). */
  #clear(): void {
    const field = (this.awareness.getLocalState() as Record<string, { id?: string } | null> | null)?.[STREAM_FIELD];
    if (field?.id === this.id) this.awareness.setLocalStateField(STREAM_FIELD, null);
  }

  #stop(): void {
    if (!this.#open) throw new Error('the stream has ended');
    this.#open = false;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#sent >= this.#text.length) return;
    const wait = Math.max(0, this.#lastChange + STREAM_INTERVAL_MS - Date.now());
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    let end = Math.min(this.#text.length, this.#sent + STREAM_CHUNK_MAX_LENGTH);
    if (isHighSurrogate(this.#text.charCodeAt(end - 1))) end--;
    if (end <= this.#sent) return;
    this.#change({ id: this.id, from: this.#sent, text: this.#text.slice(this.#sent, end) });
    this.#sent = end;
    this.#schedule();
  }

  #change(chunk: StreamChunk): void {
    this.#lastChange = Date.now();
    this.awareness.setLocalStateField(STREAM_FIELD, chunk);
  }
}
