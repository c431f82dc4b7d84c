/** Attachments through the whole server: the api takes the file, the sync server the message that carries it. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { loadConfig } from '@volley/core';
import { openBlobStore } from '../../api/src/storage/index.js';
import { register, startTestVolley, type Person, type TestVolley } from './server.testing.js';

describe('attachments', () => {
  let volley: TestVolley;
  let alice: Person;
  let client: VolleyClient;
  beforeAll(async () => {
    volley = await startTestVolley();
    alice = await register(volley, 'files');
    client = new VolleyClient({ url: volley.url, token: alice.token, WebSocket: WebSocket as unknown as WebSocketConstructor });
    await client.me();
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await volley?.close();
  });

  it('a deleted message takes its file out of the store at once, not at the hourly sweep', async () => {
    const { body: channel } = await alice.call('POST', '/channels', { name: `files-${Date.now().toString(36)}`, access: 'public' });
    const uploaded = await fetch(`${volley.url}/api/v1/conversations/${channel.id}/attachments?name=notes.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
      body: 'what was said',
    });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string };
    const sent = client.outbox().queue({ op: 'send', convId: channel.id, body: 'notes', attachments: [file.id] });
    expect((await sent).status).toBe('accepted');
    const store = openBlobStore(loadConfig({ DATA_DIR: volley.dataDir }));
    const key = `attachments/${file.id}/file`;
    expect(await store.stat(key)).toEqual({ size: 13 });

    expect((await client.outbox().delete(channel.id, sent.id)).status).toBe('accepted');
    await vi.waitFor(async () => expect(await store.stat(key)).toBeUndefined(), { timeout: 5000, interval: 100 });
    expect((await fetch(`${volley.url}/api/v1/attachments/${file.id}`, { headers: { authorization: `Bearer ${alice.token}` } })).status).toBe(404);
  });
});
