/**
 * A message over the socket's size limit is answered 4413 (too_large), Volley's contract, where
 * ws alone says 1009. This relies on a ws internal: ws closes an oversize message through the
 * socket's own `close(1009)` (receiverOnError in ws/lib/websocket.js), which the gateway's socket
 * class turns into 4413; ws is pinned exactly in core/package.json for it. If a ws release closes
 * it some other way, this test fails with 1009.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseCode, SUBPROTOCOL } from '@volley/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { NO_PROXY } from '../addresses.js';
import { createLogger } from '../logger.js';
import { createSocketGateway, type SocketGateway } from './socket-gateway.js';

const LIMIT = 1024;
let server: Server | undefined;
let gateway: SocketGateway | undefined;

afterEach(async () => {
  await gateway?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A gateway that admits everyone and echoes what they send, its limit `LIMIT` bytes. */
async function echoGateway(): Promise<string> {
  gateway = createSocketGateway({
    name: 'sync',
    admit: async () => ({ ok: true, user: { userId: 'someone' } }),
    join: (socket) => socket.on('message', (data) => socket.send(data as Buffer)),
    maxPayload: LIMIT,
    allowedOrigins: undefined,
    log: createLogger('silent'),
    trustProxy: NO_PROXY,
  });
  server = createServer();
  server.on('upgrade', (req, socket, head) => gateway!.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Opens a socket, sends `bytes` bytes, and says what came back first: the echo, or the close code. */
async function send(url: string, bytes: number): Promise<'echo' | number> {
  const socket = new WebSocket(url, [SUBPROTOCOL]);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answer = new Promise<'echo' | number>((resolve) => {
    socket.once('message', () => resolve('echo'));
    socket.once('close', (code) => resolve(code));
  });
  socket.send(Buffer.alloc(bytes, 1));
  const got = await answer;
  socket.close();
  return got;
}

describe('a message over the size limit', () => {
  it('is answered with 4413, and one within it goes through', async () => {
    const url = await echoGateway();
    expect(await send(url, LIMIT)).toBe('echo');
    expect(await send(url, LIMIT + 1)).toBe(CloseCode.tooLarge);
  });
});
