import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { CryptoDevice } from '@volley/client/e2ee';
import { createLogger, type Db } from '@volley/core';
import { startStandInPushService, type StandInPushService } from '@volley/core/testing';
import { register, startTestVolley, waitFor, type TestVolley } from './server.testing.js';

/** Every row of every table of the server's schema, as text: bytes (the segments' updates) as Latin-1, where UTF-8 text shows as itself. */
async function everyRow(db: Db): Promise<string> {
  const tables: string[] = await db('information_schema.tables').where('table_schema', db.raw('current_schema()')).where('table_type', 'BASE TABLE').pluck('table_name');
  const dumped: string[] = [];
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await db(table).select('*');
    for (const row of rows) dumped.push(Object.values(row).map((value) => (Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : JSON.stringify(value))).join(' '));
  }
  return dumped.join('\n');
}

describe('what the server keeps of an end-to-end encrypted DM', () => {
  let volley: TestVolley;
  let push: StandInPushService;
  const logged: string[] = [];
  beforeAll(async () => {
    push = await startStandInPushService();
    // Everything it logs, down to debug, is read below.
    volley = await startTestVolley({ PUSH_SERVICE_ORIGINS: push.origin }, createLogger('debug', { write: (line: string) => void logged.push(line) }));
  }, 120_000);
  afterAll(async () => {
    await volley?.close();
    await push?.close();
  });

  it('holds none of its words: tables, segments, logs, the list, search and the push to an offline member', async () => {
    const [alice, bob] = [await register(volley, 'alice'), await register(volley, 'bob')];
    const phone = push.device();
    expect((await bob.call('POST', '/me/push-subscriptions', phone.subscription)).status).toBe(201);
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true })).body.id as string;
    const client = (token: string) => new VolleyClient({ url: volley.url, token, WebSocket: WebSocket as unknown as WebSocketConstructor });
    const [aliceClient, bobApi] = [client(alice.token), client(bob.token)];
    await aliceClient.me();
    const aliceDevice = await CryptoDevice.open({ api: aliceClient.api, userId: alice.id, deviceId: 'ALICE' });
    const bobDevice = await CryptoDevice.open({ api: bobApi.api, userId: bob.id, deviceId: 'BOB' });
    await bobDevice.setUpRecovery();

    // Bob has no socket open: his phone gets a push.
    const words = ['tangerine', 'marmalade', 'zeppelin'];
    for (const word of words) {
      const outcome = await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: `the secret word is ${word}`, msgtype: 'm.text' }));
      expect(outcome).toMatchObject({ status: 'accepted' });
    }
    const pushes = await push.receivedAtLeast(1);
    // Who wrote, and no more.
    expect(pushes[0]!.payload).toMatchObject({ notification: { title: alice.username, body: 'sent you a message', tag: `conv-${dm}` } });
    await bobDevice.sync();
    const history = await bob.call('GET', `/conversations/${dm}/messages`);
    const read = await Promise.all(history.body.items.map((message: { id: string; author: string; at: string; body: string }) => bobDevice.decrypt(dm, message)));
    expect(read.map((r) => (r.ok ? r.message.body : r.reason)).sort()).toEqual(words.map((word) => `the secret word is ${word}`).sort());

    const list = await bob.call('GET', '/conversations');
    const search = await bob.call('GET', '/search/messages?q=tangerine');
    const stored = await everyRow(volley.db);
    await waitFor(() => logged.length > 0);
    for (const word of words) {
      expect(stored).not.toContain(word);
      expect(logged.join('\n')).not.toContain(word);
      expect(JSON.stringify(push.received.map((p) => p.payload))).not.toContain(word);
      expect(JSON.stringify([history.body, list.body, search.body])).not.toContain(word);
    }
    // The scan sees text where there is some: a plain message's words are found.
    await alice.call('POST', '/channels', { name: `plain-${alice.id.slice(-6).toLowerCase()}`, access: 'public' });
    const general = (await alice.call('GET', '/conversations')).body.items.find((c: { kind: string }) => c.kind === 'world').id;
    expect(await aliceClient.outbox().send(general, 'an ordinary kumquat')).toMatchObject({ status: 'accepted' });
    expect(await everyRow(volley.db)).toContain('kumquat');
    await Promise.all([aliceClient.close(), bobApi.close()]);
  });
});
