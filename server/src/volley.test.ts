import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, socketProtocols } from '@volley/shared';
import { startTestVolley, type TestVolley } from './server.testing.js';

// The embedded default as `npm start` runs it: one port for the PWA, the API and the sync socket.
describe('embedded Volley', () => {
  let volley: TestVolley;

  beforeAll(async () => {
    volley = await startTestVolley();
  });
  afterAll(() => volley?.close());

  it('serves the health check, the API and the app shell on one port', async () => {
    expect((await fetch(`${volley.url}/healthz`)).status).toBe(200);
    const unauthenticated = await fetch(`${volley.url}/api/v1/me`);
    expect(unauthenticated.status).toBe(401);
    expect((await unauthenticated.json()).error.code).toBe('unauthenticated');

    // Client-side routes get the shell; hashed assets are cached for good, the shell never.
    const deepLink = await fetch(`${volley.url}/c/some-conversation`, { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<title>Volley</title>');
    expect(deepLink.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${volley.url}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${volley.url}/assets/missing.js`)).status).toBe(404);
  });

  it('keeps the generated JWT secret under the data directory', () => {
    expect(readFileSync(join(volley.dataDir, 'jwt-secret'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('answers the sync socket on the same port, refusing a socket without a token', async () => {
    const ws = new WebSocket(`${volley.wsUrl}/user.01ARZ3NDEKTSV4RRFFQ69G5FAV`, socketProtocols(null));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(CloseCode.unauthenticated);
  });

  it('answers the game socket on the same port, refusing a socket without a token', async () => {
    const ws = new WebSocket(`${volley.url.replace('http', 'ws')}/game/01ARZ3NDEKTSV4RRFFQ69G5FAV`, socketProtocols(null));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(CloseCode.unauthenticated);
  });

  it('refuses upgrades on paths that are not sockets', async () => {
    const ws = new WebSocket(`${volley.url.replace('http', 'ws')}/nowhere`);
    const error = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(error.message).toMatch(/404/);
  });
});
