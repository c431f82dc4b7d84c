/**
 * Op frames: the fast way to send (docs/protocol.md, "Op frames: sending on the conversation's
 * socket"). On a conversation's segment socket (`/sync/conv.<id>.<n>`), a y-websocket-level message
 * of its own type, unused by y-protocols (0 sync, 1 awareness, 2 auth, 3 query-awareness) and by the
 * renewal (4): `[5, varString JSON]` both ways. The client's JSON is an op as the outbox holds it,
 * with its id: `{"id": ULID, "op": "send", "convId", "body"}`; the server answers on the same socket,
 * once the op is committed, with its outcome: `{"id", "status": "accepted", "seq"}` or
 * `{"id", "status": "rejected", "reason", "detail"?}` (the outbox's reasons; `rate_limited` with
 * the time to send it again under the same id, ISO 8601). A stock client never sends one.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ackOf, type OpAck } from './op-acks.js';
import type { OutboxOp } from './ops.js';
import { encodeFrame, messageOp } from './sync-frames.js';

/**
 * Offered by a client before `volley.v1` (shared/src/socket-auth.ts): a server that decides op
 * frames answers it, one that does not answers `volley.v1`, and the client sends through the outbox.
 */
export const OP_FRAMES_SUBPROTOCOL = 'volley.v1.ops';

const frame = (json: unknown): Uint8Array => encodeFrame(messageOp, (encoder) => encoding.writeVarString(encoder, JSON.stringify(json)));

/** The client's frame: the op under its id (a send's id is the message's). */
export const opFrame = (id: string, op: OutboxOp): Uint8Array => frame({ ...op, id });

/** The server's answer. */
export const ackFrame = (ack: OpAck): Uint8Array => frame(ack);

/**
 * An op frame's content after its type: its id and the op's fields, still to be validated as an
 * outbox entry is (parseOutboxOp). Undefined for a frame that carries no JSON object with a string
 * id: there is nothing to answer, and the socket is closed with bad_request (4400).
 */
export function readOpFrame(decoder: decoding.Decoder): { id: string; entry: Record<string, unknown> } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoding.readVarString(decoder));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { id, ...entry } = value as Record<string, unknown>;
  return typeof id === 'string' ? { id, entry } : undefined;
}

/**
 * An answer's JSON after its type, still to be validated (`ackOf` in op-acks.ts: the client loads
 * the schemas apart from a page's first load). Throws when it is not JSON.
 */
export const readFrameJson = (decoder: decoding.Decoder): unknown => JSON.parse(decoding.readVarString(decoder));

/** The server's answer after its type, validated; undefined when it is not one. */
export const readAckFrame = (decoder: decoding.Decoder): OpAck | undefined => ackOf(readFrameJson(decoder));
