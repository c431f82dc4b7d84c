import type { AddressInfo } from 'node:net';
import { CloseCode } from '@volley/shared';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { holdFrames } from './held-frames.js';

const LIMIT = { frames: 20, bytes: 4096 };

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const ws of server?.clients ?? []) ws.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A real server whose sockets are held, never joined, until `join` is called; and a client on it. */
async function heldSocket(): Promise<{ client: WebSocket; join: () => Promise<string[]> }> {
  const releases: ((deliver: (data: WebSocket.RawData) => void) => void)[] = [];
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (ws) => releases.push(holdFrames(ws, LIMIT)));
  await new Promise((resolve) => server!.once('listening', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await new Promise((resolve) => client.once('open', resolve));
  return {
    client,
    join: async () => {
      await new Promise<void>((resolve) => (releases.length > 0 ? resolve() : server!.once('connection', () => resolve())));
      const got: string[] = [];
      releases[0]!((data) => got.push(data.toString()));
      return got;
    },
  };
}

const closeOf = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('frames held while a socket waits to be joined', () => {
  it('are handed over in order once it joins', async () => {
    const { client, join } = await heldSocket();
    for (let n = 0; n < LIMIT.frames; n++) client.send(`frame ${n}`);
    // Answered after the frames before it were read.
    const echo = new Promise<void>((resolve) => client.once('pong', () => resolve()));
    client.ping();
    await echo;
    expect(await join()).toEqual(Array.from({ length: LIMIT.frames }, (_, n) => `frame ${n}`));
  });

  it('close the socket with rate_limited past their count', async () => {
    const { client } = await heldSocket();
    const closing = closeOf(client);
    for (let n = 0; n <= LIMIT.frames; n++) client.send('x');
    expect(await closing).toBe(CloseCode.rateLimited);
  });

  it('close the socket with rate_limited past their bytes', async () => {
    const { client } = await heldSocket();
    const closing = closeOf(client);
    client.send(Buffer.alloc(LIMIT.bytes / 2));
    client.send(Buffer.alloc(LIMIT.bytes / 2 + 1));
    expect(await closing).toBe(CloseCode.rateLimited);
  });
});
