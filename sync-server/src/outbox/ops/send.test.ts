import { Message as MessageRow } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { notificationsOf, type Notification } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { act, block, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor, type RunningSync } from '../../sync-server.testing.js';

const mentionsIn = (provider: WebsocketProvider) => [...notificationsOf(provider.doc).values()].filter((n): n is Extract<Notification, { kind: 'mention' }> => n.kind === 'mention');

const deps = await testDeps({ afterEach: disposeAll });

describe('sending actions, replies and mentions', () => {
  let server: RunningSync;

  it('stores a `/me` action and a reply quoting the answered message (author, seq, first 120 characters)', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, bobs, reader] = [await session(server, alice), await session(server, bob), await segment(server, alice, channel)];
    const long = 'é'.repeat(200);
    const question = await act(alices, { op: 'send', convId: channel, body: long });

    const action = await act(bobs, { op: 'send', convId: channel, body: 'waves', kind: 'me' });
    const reply = await act(bobs, { op: 'send', convId: channel, body: 'yes', replyTo: question.id });
    expect(await shown(reader, action.id)).toMatchObject({ body: 'waves', kind: 'me' });
    expect((await shown(reader, reply.id)).replyTo).toEqual({ id: question.id, seq: 1, authorName: alice.username, excerpt: 'é'.repeat(120) });
    expect(await MessageRow.query(deps.db).findById(reply.id)).toMatchObject({ kind: 'text', replyToId: question.id });
    expect(await MessageRow.query(deps.db).findById(action.id)).toMatchObject({ kind: 'me', replyToId: null });
  });

  it('quotes what a message says, not its Markdown, in a reply and in the mention it makes', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, bobs, reader] = [await session(server, alice), await session(server, bob), await segment(server, alice, channel)];
    const question = await act(alices, { op: 'send', convId: channel, body: `**lunch** at [the usual place](https://example.test), @${bob.username}? \`noon\`` });
    const reply = await act(bobs, { op: 'send', convId: channel, body: 'yes', replyTo: question.id });
    const said = `lunch at the usual place, @${bob.username}? noon`;
    expect((await shown(reader, reply.id)).replyTo?.excerpt).toBe(said);
    expect((await waitFor(() => mentionsIn(bobs)[0])).excerpt).toBe(said);
  });

  it('stops quoting a message in its replies once it is deleted', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, bobs, reader] = [await session(server, alice), await session(server, bob), await segment(server, bob, channel)];
    const regret = await act(alices, { op: 'send', convId: channel, body: 'something I regret' });
    const reply = await act(bobs, { op: 'send', convId: channel, body: 'wow', replyTo: regret.id });
    await act(alices, { op: 'delete', convId: channel, messageId: regret.id });
    expect((await shown(reader, reply.id, (m) => m.replyTo?.excerpt === '')).replyTo).toEqual({ id: regret.id, seq: 1, authorName: alice.username, excerpt: '' });
    expect(await act(bobs, { op: 'send', convId: channel, body: 'to the void', replyTo: regret.id })).toMatchObject({ status: 'rejected', reason: 'deleted' });
  });

  it('refuses a reply to a message of another conversation with `not_found`, keeping the text', async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const [here, there] = [await createChannel(deps, alice), await createChannel(deps, alice)];
    const alices = await session(server, alice);
    const elsewhere = await act(alices, { op: 'send', convId: there, body: 'over there' });
    expect(await act(alices, { op: 'send', convId: here, body: 'answering', replyTo: elsewhere.id })).toMatchObject({ status: 'rejected', reason: 'not_found', body: 'answering' });
  });

  it('resolves @mentions of members and notifies them, except the author and anyone blocked either way', async () => {
    server = await startSyncServer(deps);
    const [alice, bob, carol, dave, outsider] = [await createUser(deps), await createUser(deps), await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob, carol, dave);
    await block(deps, carol, alice);
    const [alices, bobs, carols, daves, reader] = [
      await session(server, alice),
      await session(server, bob),
      await session(server, carol),
      await session(server, dave),
      await segment(server, bob, channel),
    ];
    const body = `hey @${bob.username.toUpperCase()}, @${carol.username} and @${outsider.username}; mail me at x@${dave.username} @${alice.username}`;
    const sent = await act(alices, { op: 'send', convId: channel, body });

    expect((await shown(reader, sent.id)).mentions).toEqual([bob.id, carol.id, alice.id]);
    expect(await waitFor(() => mentionsIn(bobs)[0])).toMatchObject({ kind: 'mention', conversation: { id: channel }, by: { id: alice.id }, messageId: sent.id, seq: 1 });

    // An edit notifies only whom it newly names.
    await act(alices, { op: 'edit', convId: channel, messageId: sent.id, body: `${body} and @${dave.username}` });
    expect(await waitFor(() => mentionsIn(daves)[0])).toMatchObject({ messageId: sent.id });
    expect((await shown(reader, sent.id, (m) => m.editedAt !== undefined)).mentions).toEqual([bob.id, carol.id, alice.id, dave.id]);
    expect(mentionsIn(bobs)).toHaveLength(1);
    expect(mentionsIn(carols)).toEqual([]);
    expect(mentionsIn(alices)).toEqual([]);
  });
});
