import type { AddressInfo } from 'node:net';
import { SUBPROTOCOL, syncStep2Message } from '@volley/shared';
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { TestWebSocket, waitFor } from './client.testing.js';
import { MemoryStorage } from './storage.js';
import { SyncRoom } from './sync-room.js';
import { StaticToken } from './token-source.js';

/**
 * A room socket meets frames it cannot read — from a newer server, or from anything between it and
 * the server — and goes on: such a frame is dropped, the next ones are read. (A stock
 * WebsocketProvider throws out of its socket's `onmessage` on the first: docs/architecture.md §4.)
 * The server here is a stand-in sending them, since Volley's own never does.
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('drops the frames it cannot read and syncs from the ones after them', async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => SUBPROTOCOL });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  await new Promise((resolve) => server.once('listening', resolve));
  const state = new Y.Doc();
  state.getText('t').insert(0, 'after the garbage');
  server.on('connection', (ws) => {
    for (const frame of [
      new Uint8Array(0), // no message type at all
      Uint8Array.of(99, 1, 2, 3), // a type this client does not know
      Uint8Array.of(0, 0), // a sync step 1 with no state vector
      Uint8Array.of(1, 200), // an awareness update cut short
      syncStep2Message(Y.encodeStateAsUpdate(state)),
    ]) {
      ws.send(frame);
    }
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const room = new SyncRoom('user.x', { base, tokens: new StaticToken('token'), WebSocket: TestWebSocket, storage: new MemoryStorage() });
  cleanups.push(() => room.destroy());
  room.connect();

  await waitFor(() => room.synced);
  expect(room.doc.getText('t').toString()).toBe('after the garbage');
  expect(room.status).toBe('open');
});
