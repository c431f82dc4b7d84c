/**
 * Streamed messages (docs/protocol.md, "Streamed messages"): a reply that grows while it is
 * written — a bot answering token by token — is ephemeral data while it grows and one durable
 * message at the end, as Matrix MSC4471 has it. While it grows, the author's socket on the
 * conversation's head segment carries `stream: {id, from, text}` in its awareness state: `text`
 * is the part from offset `from` on (UTF-16 units), so each change carries only what is new and a
 * reply of any length fits the awareness state's bound. It ends with an ordinary `send` op whose
 * id is the stream's: the message is recorded once, never marked edited, and mentions fire on the
 * final text only. A stream whose author goes quiet for STREAM_IDLE_MS is recorded by the server
 * as it stands, marked `incomplete`.
 */

/** The awareness field of a stream in a conversation room. */
export const STREAM_FIELD = 'stream';

/** A stream is recorded as it stands, `incomplete`, this long after its last change. */
export const STREAM_IDLE_MS = 30_000;

/** Text per change: a state stays well under the awareness bound (AWARENESS_STATE_MAX_BYTES, 4 KiB, in UTF-8). */
export const STREAM_CHUNK_MAX_LENGTH = 1000;

/**
 * The text after `chunk`, given the text so far: the chunk replaces everything from its offset on
 * (so a writer may also take back what it wrote). Undefined when the chunk starts past the end: a
 * reader that came in the middle knows only the rest, and waits for the final message.
 */
export function withChunk(text: string, chunk: { from: number; text: string }): string | undefined {
  if (chunk.from > text.length) return undefined;
  return text.slice(0, chunk.from) + chunk.text;
}
