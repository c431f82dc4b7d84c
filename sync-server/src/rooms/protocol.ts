/**
 * y-websocket wire messages: `[messageType, ...]`, with the sync sub-messages of y-protocols
 * (`[0, 0, stateVector]` step 1, `[0, 1, update]` step 2, `[0, 2, update]` update).
 */
import { messageRenewToken } from '@volley/shared';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageQueryAwareness = 3;

export { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate };

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncMessage = (kind: number, payload: Uint8Array): Uint8Array =>
  message(messageSync, (encoder) => {
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, payload);
  });

export const syncStep1Message = (doc: Y.Doc): Uint8Array => syncMessage(messageYjsSyncStep1, Y.encodeStateVector(doc));
export const syncStep2Message = (update: Uint8Array): Uint8Array => syncMessage(messageYjsSyncStep2, update);
export const updateMessage = (update: Uint8Array): Uint8Array => syncMessage(messageYjsUpdate, update);
export const awarenessMessage = (update: Uint8Array): Uint8Array =>
  message(messageAwareness, (encoder) => encoding.writeVarUint8Array(encoder, update));

/** The answer to a renewal: the new token's expiry, in epoch seconds. */
export const renewedMessage = (expiresAtMs: number): Uint8Array =>
  message(messageRenewToken, (encoder) => encoding.writeVarUint(encoder, Math.floor(expiresAtMs / 1000)));
