/**
 * The frames of `/sync/<room>` (docs/protocol.md): y-websocket's `[messageType, ...]`, with the sync
 * sub-messages of y-protocols (`[0, 0, stateVector]` step 1, `[0, 1, update]` step 2, `[0, 2, update]`
 * update), and Volley's own types after them: the token renewal (4) and op frames (5,
 * op-frames.ts). Every type and encoder is here once, for the client, the server, the tests and
 * the benchmarks.
 */
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageQueryAwareness = 3;

/**
 * Renewing the access token of an open socket, so that it outlives its first token (docs/protocol.md,
 * "Renewing the token"): a y-websocket-level message of its own type, unused by y-protocols (0 sync,
 * 1 awareness, 2 auth, 3 query-awareness): `[4, varString token]` from the client,
 * `[4, varUint expiresAt]` (epoch seconds of the new token) as the server's answer. On `/game` and
 * `/game/queue`, the JSON frame `{t: 'token', token}`, answered `{t: 'token', expiresAt}`.
 */
export const messageRenewToken = 4;

/** Op frames (op-frames.ts): `[5, varString JSON]` both ways. */
export const messageOp = 5;

export { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate };

/** A frame of `type`, its content written by `write`. */
export function encodeFrame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncMessage = (kind: number, payload: Uint8Array): Uint8Array =>
  encodeFrame(messageSync, (encoder) => {
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, payload);
  });

export const syncStep1Message = (doc: Y.Doc): Uint8Array => syncMessage(messageYjsSyncStep1, Y.encodeStateVector(doc));
export const syncStep2Message = (update: Uint8Array): Uint8Array => syncMessage(messageYjsSyncStep2, update);
export const updateMessage = (update: Uint8Array): Uint8Array => syncMessage(messageYjsUpdate, update);
export const awarenessMessage = (update: Uint8Array): Uint8Array => encodeFrame(messageAwareness, (encoder) => encoding.writeVarUint8Array(encoder, update));
export const queryAwarenessMessage = (): Uint8Array => encodeFrame(messageQueryAwareness, () => undefined);

/** An awareness update setting each entry's state, given as its JSON text (`'null'` clears it), as y-protocols encodes it. */
export function awarenessUpdate(entries: readonly { client: number; clock: number; state: string }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/** `[4, varString token]`: a fresh token for the socket it is sent on. */
export const renewalMessage = (token: string): Uint8Array => encodeFrame(messageRenewToken, (encoder) => encoding.writeVarString(encoder, token));

/** The answer to a renewal: the new token's expiry, in epoch seconds. */
export const renewedMessage = (expiresAtMs: number): Uint8Array =>
  encodeFrame(messageRenewToken, (encoder) => encoding.writeVarUint(encoder, Math.floor(expiresAtMs / 1000)));
