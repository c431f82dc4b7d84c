/**
 * A deleted account leaves its name in no document another member downloads: not as the author of
 * its messages, in a quote of them, on an invitation card (players and text), nor in the other
 * member's notifications; whether the rooms were loaded when it was deleted or not, and after a
 * restart. Read as a client reads them: the bytes of a real socket's sync, searched for the name.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { ConvDoc, convRoom, isTombstoneUsername, messageSync, newId, notificationsOf, socketProtocols, syncStep1Message, userRoom, UserDoc, type Message } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { dropTestVolleyData, register, startTestVolley, synced, waitFor, provider, type Person, type TestVolley } from './server.testing.js';

describe('a deleted account in the documents others download', () => {
  const started: TestVolley[] = [];
  /** The servers' data, kept across their restarts. */
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-deletion-'));
  afterAll(async () => {
    for (const volley of started) await volley.close().catch(() => undefined);
    await dropTestVolleyData(dataDir);
  });

  /** The embedded server on the test's data (a restart when one ran there before). */
  async function start(): Promise<TestVolley> {
    const volley = await startTestVolley({ DATA_DIR: dataDir });
    started.push(volley);
    return volley;
  }

  /** Every byte a fresh client receives while syncing `room` over a socket, and the document they make. */
  async function download(volley: TestVolley, room: string, person: Person): Promise<{ bytes: Buffer; doc: Y.Doc }> {
    const ws = new WebSocket(`${volley.wsUrl}/${room}`, socketProtocols(person.token));
    const frames: Buffer[] = [];
    const doc = new Y.Doc();
    let synced = false;
    ws.on('message', (data: Buffer) => {
      frames.push(data);
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== messageSync) return;
      if (syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null) === syncProtocol.messageYjsSyncStep2) synced = true;
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(syncStep1Message(doc));
    await waitFor(() => synced);
    // Whatever follows the answer (awareness, updates) is part of what the client downloads too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    ws.close();
    return { bytes: Buffer.concat(frames), doc };
  }

  /** Queues an op in the person's own document and waits for the server's decision. */
  async function act(volley: TestVolley, person: Person, op: Record<string, unknown>): Promise<string> {
    const room = provider(volley, userRoom(person.id), person);
    await synced(room);
    const id = newId();
    UserDoc.outbox(room.doc).set(id, { ...op, at: new Date().toISOString() } as never);
    expect(await waitFor(() => UserDoc.outbox(room.doc).get(id)?.status)).toBe('accepted');
    room.destroy();
    return id;
  }

  /** Signs in again after a restart. */
  async function signIn(volley: TestVolley, person: Person): Promise<Person> {
    const res = await fetch(`${volley.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: person.username, password: TEST_PASSWORD }) });
    const token = ((await res.json()) as { accessToken: string }).accessToken;
    return {
      ...person,
      token,
      async call(method, path, body) {
        const response = await fetch(`${volley.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, body: null };
      },
    };
  }

  it('shows the tombstone everywhere, in rooms loaded at the deletion or not, and after a restart; the stored log drops the name', async () => {
    let volley = await start();
    const [alice, bob] = [await register(volley, 'alice'), await register(volley, 'bob')];
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id })).body.id as string;
    const hello = await act(volley, alice, { op: 'send', convId: dm, body: `hello @${bob.username}` });
    await act(volley, alice, { op: 'invite', convId: dm, to: bob.id });
    await act(volley, bob, { op: 'send', convId: dm, body: 'hi back', replyTo: hello });
    await act(volley, bob, { op: 'invite', convId: dm, to: alice.id });
    expect((await alice.call('POST', '/friends/requests', { userId: bob.id })).status).toBeLessThan(300);
    const before = await download(volley, convRoom(dm, 0), bob);
    expect(before.bytes.includes(alice.username)).toBe(true);

    // Restarted, nothing is loaded: the segment is not when the account is deleted; bob's own room is.
    await volley.close();
    volley = await start();
    const bobNow = await signIn(volley, bob);
    const bobRoom = provider(volley, userRoom(bob.id), bobNow);
    await synced(bobRoom);
    await waitFor(() => [...notificationsOf(bobRoom.doc).values()].some((n) => n.kind === 'friend_request'));
    const aliceNow = await signIn(volley, alice);
    expect((await aliceNow.call('DELETE', '/me', { password: TEST_PASSWORD })).status).toBe(204);
    await waitFor(() => [...notificationsOf(bobRoom.doc).values()].every((n) => !('from' in n) || isTombstoneUsername(n.from.username)));
    bobRoom.destroy();

    const expectNoName = async (at: TestVolley, reader: Person) => {
      // The deletion reaches the sync server as an event: a room it holds is rewritten moments after
      // the answer, so a download meanwhile may still see the name and then the rewrite.
      await waitFor(async () => !(await download(at, convRoom(dm, 0), reader)).bytes.includes(alice.username));
      const segment = await download(at, convRoom(dm, 0), reader);
      const messages = ConvDoc.messages(segment.doc).toArray();
      expect(messages.length).toBe(4);
      expect(segment.bytes.includes(alice.username)).toBe(false);
      const byAlice = messages.filter((m: Message) => m.author === alice.id);
      expect(byAlice.map((m) => m.authorName)).toEqual([expect.stringMatching(/^deleted_/), expect.stringMatching(/^deleted_/)]);
      expect(messages.find((m) => m.replyTo)?.replyTo?.authorName).toMatch(/^deleted_/);
      expect(messages.filter((m) => m.kind === 'invite').flatMap((m) => m.game!.players.filter((p) => p.id === alice.id).map((p) => p.username))).toEqual([expect.stringMatching(/^deleted_/), expect.stringMatching(/^deleted_/)]);
      const own = await download(at, userRoom(bob.id), reader);
      expect([...notificationsOf(own.doc).values()].length).toBeGreaterThan(0);
      expect(own.bytes.includes(alice.username)).toBe(false);
    };
    await expectNoName(volley, bobNow);

    await volley.close();
    volley = await start();
    await expectNoName(volley, await signIn(volley, bob));
    // What is stored no longer holds the name either (the logs were compacted after the rewrite).
    const stored = await waitFor(async () => {
      const rows = (await volley.db('sync_updates').whereIn('room', [convRoom(dm, 0), userRoom(bob.id)]).select('data')) as { data: Buffer }[];
      return rows.every((row) => !Buffer.from(row.data).includes(alice.username)) && rows;
    });
    expect(stored.length).toBeGreaterThan(0);
  }, 120_000);
});
