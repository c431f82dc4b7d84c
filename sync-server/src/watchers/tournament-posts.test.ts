import { ConversationMember, DomainEvents, Tournament } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, DEFAULT_GAME_SETTINGS, newId, SYSTEM_AUTHOR, userRoom } from '@volley/shared';
import { expect, it } from 'vitest';
import { act, connect, createChannel, createUser, disposeAll, segment, session, signalOf, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

it("posts a tournament's lines in its conversation once each, in order, as system messages of no one, signalled as no one's new message", async () => {
  const [owner, player] = [await createUser(deps), await createUser(deps)];
  const convId = await createChannel(deps, player);
  await ConversationMember.query(deps.db).insert({ conversationId: convId, userId: owner.id, role: 'owner' });
  const tournament = await Tournament.query(deps.db).insert({ id: newId(), name: 'cup', ownerId: owner.id, format: 'single_elimination', size: 4, settings: DEFAULT_GAME_SETTINGS, noShowMs: 120_000, status: 'running', conversationId: convId }).returning('*');
  const lines = ['cup starts with 4 players.', 'Round 1: a vs b, c vs d.'].map((body) => ({ id: newId(), tournament_id: tournament.id, body }));
  await deps.db('tournament_posts').insert(lines);
  // Two sync servers hear the event (twice, as when two api processes publish it).
  const one = await startSyncServer(deps);
  await startSyncServer(deps);
  const reader = await segment(one, player, convId);
  // The owner and a third member are online elsewhere in the app, where the inbox signal reaches them.
  const watcher = await createUser(deps);
  await ConversationMember.query(deps.db).insert({ conversationId: convId, userId: watcher.id, role: 'member' });
  const inboxes = [connect(one.url, userRoom(owner.id), owner.token), connect(one.url, userRoom(watcher.id), watcher.token)];
  await Promise.all(inboxes.map(synced));
  const events = new DomainEvents(deps.bus);
  for (let i = 0; i < 2; i += 1) await events.publish({ type: 'tournament.posted', tournamentId: tournament.id });
  const shown = await waitFor(() => {
    const messages = ConvDoc.messages(reader.doc).toArray();
    return messages.length >= 2 && messages;
  });
  expect(shown.map((m) => [m.id, m.body, m.kind, m.author, m.authorName])).toEqual(lines.map((l) => [l.id, l.body, 'system', SYSTEM_AUTHOR, '']));
  expect(Number((await deps.db('messages').where('conversation_id', convId).count('* as n').first())!.n)).toBe(2);
  // The lines move the list, named as system lines: no one's new message, so no count takes them.
  for (const inbox of inboxes) {
    const signalled = await waitFor(() => signalOf(inbox, 'inbox')[convId]?.lastSeq === 2 && signalOf(inbox, 'inbox')[convId]);
    expect(signalled).toMatchObject({ lastSeq: 2, author: SYSTEM_AUTHOR, authorName: '', system: [1, 2] });
  }
  // A person's message next is signalled as a message.
  await act(await session(one, player), { op: 'send', convId, body: 'good luck' });
  for (const inbox of inboxes) {
    const signalled = await waitFor(() => signalOf(inbox, 'inbox')[convId]?.lastSeq === 3 && signalOf(inbox, 'inbox')[convId]);
    expect(signalled).toMatchObject({ lastSeq: 3, author: player.id, preview: 'good luck' });
    expect(signalled.system).toBeUndefined();
  }
});
