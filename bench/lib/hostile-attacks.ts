/** The attacks of bench/hostile.ts, each a frame sent at full speed, and the loop that sends them. */
import { AWARENESS_STATE_MAX_BYTES, awarenessMessage, awarenessUpdate, convRoom, socketProtocols, SYNC_FRAME_MAX_BYTES, updateMessage, userRoom } from '@volley/shared';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { emptySyncStep1 } from './raw-socket.js';

function awarenessFrame(entries: number, firstClient: number, stateBytes: number): Uint8Array {
  const state = JSON.stringify({ pad: 'x'.repeat(stateBytes) });
  return awarenessMessage(awarenessUpdate(Array.from({ length: entries }, (_, i) => ({ client: firstClient + i, clock: Date.now() % 1_000_000, state }))));
}

function updateFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('junk').set(String(Math.random()), 'x'.repeat(1000));
  return updateMessage(Y.encodeStateAsUpdate(doc));
}

export interface Attack {
  name: string;
  room: (convId: string, userId: string) => string;
  frame: () => Uint8Array;
  /** Never reads what the server sends. */
  deaf?: boolean;
}

export const attacks: Attack[] = [
  { name: 'query-awareness', room: (c) => convRoom(c, 0), frame: () => Uint8Array.of(3) },
  { name: 'sync step 1', room: (c) => convRoom(c, 0), frame: () => emptySyncStep1 },
  { name: 'updates', room: (_c, userId) => userRoom(userId), frame: updateFrame },
  { name: 'awareness, 5,000 fake ids', room: (c) => convRoom(c, 0), frame: () => awarenessFrame(5000, 1_000_000 + Math.floor(Math.random() * 1e6), 10) },
  { name: 'awareness, oversize states', room: (c) => convRoom(c, 0), frame: () => awarenessFrame(1, 7, AWARENESS_STATE_MAX_BYTES * 2) },
  { name: 'oversize frames', room: (c) => convRoom(c, 0), frame: () => new Uint8Array(SYNC_FRAME_MAX_BYTES + 1) },
  { name: 'unknown types', room: (c) => convRoom(c, 0), frame: () => Uint8Array.of(7, 1, 2, 3) },
  { name: 'a socket that never reads, asking sync step 1', room: (c) => convRoom(c, 0), frame: () => emptySyncStep1, deaf: true },
];

/** Runs one attack until `until`, reconnecting at once whenever closed; resolves with the close codes. */
export async function flood(url: string, token: string, attack: Attack, until: number): Promise<number[]> {
  const codes: number[] = [];
  while (Date.now() < until) {
    codes.push(
      await new Promise<number>((resolve) => {
        const ws = new WebSocket(url, socketProtocols(token));
        ws.on('error', () => undefined);
        ws.on('close', (code) => resolve(code));
        ws.on('open', () => {
          if (attack.deaf) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
          const pump = () => {
            if (ws.readyState !== WebSocket.OPEN) return;
            if (Date.now() >= until) return ws.terminate();
            // Full speed, but not faster than the kernel takes it (the client's own memory is not the point).
            for (let n = 0; n < 100 && ws.bufferedAmount < 1 << 20; n++) ws.send(attack.frame());
            setImmediate(pump);
          };
          pump();
        });
      }),
    );
  }
  return codes;
}

