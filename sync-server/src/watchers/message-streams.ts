/**
 * Streamed messages (shared/src/streams.ts, docs/protocol.md "Streamed messages"): the chunks
 * travel as the author's awareness state on the conversation's head segment, relayed like any
 * state; this process follows the streams its sockets write. A chunk is relayed only from a
 * member who may send there now (the send's own rule: not muted, not blocked, not banned), asked
 * once per stream. The text is kept as it grows, and a stream its author leaves STREAM_IDLE_MS
 * without a change — gone, or stuck — is recorded as it stands through the send path, marked
 * `incomplete`. A stream ended by its `send` op is forgotten when that op is accepted (here, or on
 * another instance: the recording is idempotent on the id, so a late timer changes nothing).
 */
import { scopePolicy, type AccessClaims, type Logger } from '@volley/core';
import { parseRoom, StreamChunk, STREAM_FIELD, STREAM_IDLE_MS, withChunk } from '@volley/shared';
import { conversationMembership } from '../rooms/membership.js';
import type { OpContext } from '../outbox/ops/op-context.js';
import { recordSend } from '../outbox/ops/send.js';
import { refusal } from '../outbox/refusals.js';

/** The socket a stream's chunks come through: its author, and its address (what the message is recorded as sent from). */
interface StreamWriter {
  user: AccessClaims;
  address: string | null;
}

interface OpenStream {
  convId: string;
  author: AccessClaims;
  /** The address of the socket its first chunk came through. */
  address: string | null;
  text: string;
  idle: NodeJS.Timeout;
}

export class MessageStreams {
  private readonly open = new Map<string, OpenStream>();
  /** Stream id → whether its author may send: asked at its first chunk. */
  private readonly permitted = new Map<string, Promise<boolean>>();
  private closed = false;

  constructor(
    private readonly ctx: OpContext,
    private readonly options: { idleMs?: number } = {},
  ) {}

  /**
   * The state to relay for an awareness state the `writer` socket set on `room`: as it is, or
   * without its stream when the chunk is malformed or its author may not send there. Resolves at
   * once but for a stream's first chunk, which waits for the rule.
   */
  async admit(room: string, writer: StreamWriter, state: unknown): Promise<unknown> {
    const author = writer.user;
    if (typeof state !== 'object' || state === null || !(STREAM_FIELD in state)) return state;
    const { [STREAM_FIELD]: field, ...rest } = state as Record<string, unknown>;
    const name = parseRoom(room);
    const parsed = StreamChunk.safeParse(field);
    // A read-only bot token, or one that does not reach the conversation, may not stream there.
    if (name?.kind !== 'conv' || !parsed.success || !scopePolicy.can(author, 'write', { conversation: name.convId })) return rest;
    const chunk = parsed.data;
    const known = this.open.get(chunk.id);
    if (known && (known.author.userId !== author.userId || known.convId !== name.convId)) return rest;
    if (!(await this.mayStream(chunk.id, name.convId, author))) return rest;
    this.grow(chunk, name.convId, writer);
    return state;
  }

  /** The stream's `send` was accepted: it is a message now. */
  ended(id: string): void {
    const stream = this.open.get(id);
    if (!stream) return;
    clearTimeout(stream.idle);
    this.open.delete(id);
    this.permitted.delete(id);
  }

  /** Records every open stream as it stands, as its author's timer would have. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open.keys()].map((id) => this.record(id)));
  }

  private mayStream(id: string, convId: string, author: AccessClaims): Promise<boolean> {
    let known = this.permitted.get(id);
    if (!known) {
      known = conversationMembership(this.ctx.db, convId, author.userId).then(
        // Chunks are text the server relays and records as it stood: never in an encrypted conversation (docs/protocol.md, "Encrypted messages").
        async (membership) => membership !== null && !membership.conversation.encrypted && (await refusal(this.ctx.db, membership, { userId: author.userId, scope: author.scope ?? null }, 'send')) === null,
        () => false,
      );
      this.permitted.set(id, known);
      // A refusal is not kept for ever: a stream the rule refused leaves no state.
      void known.then((allowed) => allowed || setTimeout(() => this.permitted.delete(id), this.idleMs).unref());
    }
    return known;
  }

  private grow(chunk: StreamChunk, convId: string, { user: author, address }: StreamWriter): void {
    const stream = this.open.get(chunk.id);
    const text = withChunk(stream?.text ?? '', chunk) ?? stream?.text ?? '';
    if (stream) {
      stream.text = text;
      stream.idle.refresh();
      return;
    }
    const idle = setTimeout(() => void this.record(chunk.id), this.idleMs).unref();
    this.open.set(chunk.id, { convId, author, address, text, idle });
  }

  private get idleMs(): number {
    return this.options.idleMs ?? STREAM_IDLE_MS;
  }

  /** The stream as it stands becomes its message, `incomplete`, unless its `send` came first. */
  private async record(id: string): Promise<void> {
    const stream = this.open.get(id);
    if (!stream) return;
    this.ended(id);
    if (stream.text.trim() === '') return;
    const log: Logger = this.ctx.log;
    try {
      const outcome = await recordSend(this.ctx, { id: stream.author.userId, username: stream.author.username }, id, { op: 'send', convId: stream.convId, body: stream.text }, { scope: stream.author.scope ?? null, address: stream.address }, { incomplete: true });
      log.info({ userId: stream.author.userId, convId: stream.convId, messageId: id, outcome: outcome.kind, closing: this.closed }, 'stream recorded as it stood');
    } catch (err) {
      log.error({ err, messageId: id }, 'recording an abandoned stream failed');
    }
  }
}
