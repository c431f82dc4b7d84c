/**
 * Bare y-websocket sockets, for what a full client would distort: thousands of idle connections,
 * receivers that only count the updates they get, and timing the answer to a sync step 1.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { messageSync, messageYjsSyncStep2, messageYjsUpdate, syncStep1Message } from '@volley/shared';
import * as Y from 'yjs';

/** Sync step 1 of an empty document: "send me everything". */
export const emptySyncStep1 = syncStep1Message(new Y.Doc());

/** `[messageSync, step]` are the first two bytes of a sync frame (both varuints below 128). */
const isSync = (frame: Uint8Array, step: number) => frame[0] === messageSync && frame[1] === step;
export const isSyncStep2 = (frame: Uint8Array) => isSync(frame, messageYjsSyncStep2);
export const isUpdate = (frame: Uint8Array) => isSync(frame, messageYjsUpdate);

export interface SyncedSocket {
  ws: WebSocket;
  /** From the socket being open to the server's sync step 2, in ms. */
  answeredInMs: number;
}

/** Opens a socket, says sync step 1, resolves when the server answers with sync step 2. */
export function openSynced(url: string, protocols: string[]): Promise<SyncedSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    let openedAt = 0;
    ws.once('open', () => {
      openedAt = performance.now();
      ws.send(emptySyncStep1);
    });
    const onMessage = (data: Buffer) => {
      if (!isSyncStep2(data)) return;
      ws.off('message', onMessage);
      resolve({ ws, answeredInMs: performance.now() - openedAt });
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.once('error', reject);
  });
}
