/**
 * A crowd: 100 stock providers, awareness on as the stock client has it, in
 * one conversation while 20 of them send 5 messages a second in all through their outbox. Every
 * stock client sends back each awareness change it receives; those echoes must cost no budget, so
 * no socket is ever closed, and every message reaches every member.
 */
import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor, type TestUser } from '../sync-server.testing.js';

const MEMBERS = 100;
const SENDERS = 20;
const SENDS_PER_SECOND = 5;
const SECONDS = 20;

const deps = await testDeps({ afterEach: disposeAll });

describe('a crowd in one room', () => {
  let users: TestUser[];
  let channel: string;

  beforeAll(async () => {
    users = await Promise.all(Array.from({ length: MEMBERS }, () => createUser(deps)));
    channel = await createChannel(deps, ...users);
  });

  it(`holds ${MEMBERS} stock clients for ${SECONDS} s with no close while ${SENDERS} send ${SENDS_PER_SECOND}/s`, { timeout: 90_000 }, async () => {
    const server = await startSyncServer(deps);
    const closes: number[] = [];
    const readers = users.map((user) => connect(server.url, convRoom(channel, 0), user.token));
    const outboxes = users.slice(0, SENDERS).map((user) => connect(server.url, userRoom(user.id), user.token));
    for (const provider of [...readers, ...outboxes]) provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    await Promise.all([...readers, ...outboxes].map(synced));

    const sent: string[] = [];
    const started = Date.now();
    while (Date.now() - started < SECONDS * 1000) {
      const outbox = outboxes[sent.length % SENDERS]!;
      sent.push(queueSend(outbox.doc, newId(), channel, `message ${sent.length}`));
      // A member's presence changes now and then too, as typing does.
      readers[sent.length % MEMBERS]!.awareness.setLocalStateField('typing', sent.length % 2 === 0);
      await new Promise((resolve) => setTimeout(resolve, 1000 / SENDS_PER_SECOND));
    }

    await waitFor(() => readers.every((reader) => ConvDoc.messages(reader.doc).length === sent.length), 15_000);
    const undecided = () => outboxes.flatMap((outbox) => [...UserDoc.outbox(outbox.doc).values()].filter((entry) => entry.status !== 'accepted'));
    await waitFor(() => undecided().length === 0);
    // Everyone sees everyone: 100 states, each stamped with its user.
    expect(readers[0]!.awareness.getStates().size).toBe(MEMBERS);
    expect(closes).toEqual([]);
  });
});
