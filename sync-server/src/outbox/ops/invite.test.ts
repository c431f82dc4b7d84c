import { ConversationMember, createReadyGame, DomainEvents, Game, Match, Message as MessageRow } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, DEFAULT_GAME_SETTINGS, INVITATION_TTL_MS, newId, notificationsOf } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { act, block, createChannel, createDm, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor, type RunningSync } from '../../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('Pong invitations from the chat', () => {
  let server: RunningSync;

  it('posts a pending invitation card, records its game and tells the invited player', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, bobs, reader] = [await session(server, alice), await session(server, bob), await segment(server, bob, channel)];
    const settings = { ballSpeed: 'fast', paddleSize: 'small', scoreLimit: 5 } as const;

    const entry = await act(alices, { op: 'invite', convId: channel, to: bob.id, settings, at: new Date().toISOString() });
    expect(entry).toMatchObject({ status: 'accepted', seq: 1 });
    const card = await shown(reader, entry.id);
    expect(card).toMatchObject({
      kind: 'invite',
      author: alice.id,
      body: expect.stringContaining(bob.username),
      game: { id: entry.id, state: 'pending', settings, players: [{ id: alice.id, username: alice.username }, { id: bob.id, username: bob.username }] },
    });
    const game = await Game.query(deps.db).findById(entry.id);
    expect(game).toMatchObject({ status: 'invited', leftId: alice.id, rightId: bob.id, conversationId: channel, messageId: entry.id, ranked: false });
    expect(new Date(game!.expiresAt!).getTime() - Date.parse(card.at)).toBe(INVITATION_TTL_MS);
    expect(card.game!.expiresAt).toBe(new Date(game!.expiresAt!).toISOString());

    const notice = await waitFor(() => [...notificationsOf(bobs.doc).values()].find((n) => n.kind === 'game_invite'));
    expect(notice).toMatchObject({ kind: 'game_invite', gameId: entry.id, messageId: entry.id, by: { id: alice.id }, conversation: { id: channel } });
  });

  it('keeps a card as the server wrote it: its author cannot edit it', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const alices = await session(server, alice);
    const card = await act(alices, { op: 'invite', convId: channel, to: bob.id, at: new Date().toISOString() });
    expect(await act(alices, { op: 'edit', convId: channel, messageId: card.id, body: 'free beer' })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await MessageRow.query(deps.db).findById(card.id)).toMatchObject({ kind: 'invite', body: `🏓 ${bob.username}`, editedAt: null });
  });

  it('makes one card and one game of an op replayed under the same id', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = await createDm(deps, alice, bob);
    const [alices, reader] = [await session(server, alice), await segment(server, alice, dm)];
    const id = newId();
    const op = { op: 'invite', convId: dm, to: bob.id, at: new Date().toISOString() } as const;
    await act(alices, op, id);
    await act(alices, op, id);
    await shown(reader, id);
    expect(ConvDoc.messages(reader.doc).toArray().filter((m) => m.id === id)).toHaveLength(1);
    expect(await Game.query(deps.db).where({ conversation_id: dm }).resultSize()).toBe(1);
    expect(await Game.query(deps.db).findById(id)).toMatchObject({ ranked: true, settings: { ballSpeed: 'normal', paddleSize: 'normal', scoreLimit: 11 } });
  });

  it('refuses an invitation to oneself or to someone outside the conversation with `invalid_invitee`', async () => {
    server = await startSyncServer(deps);
    const [alice, bob, stranger] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const alices = await session(server, alice);
    const at = new Date().toISOString();
    expect(await act(alices, { op: 'invite', convId: channel, to: alice.id, at })).toMatchObject({ status: 'rejected', reason: 'invalid_invitee' });
    expect(await act(alices, { op: 'invite', convId: channel, to: stranger.id, at })).toMatchObject({ status: 'rejected', reason: 'invalid_invitee' });
    expect(await Game.query(deps.db).where({ conversation_id: channel }).resultSize()).toBe(0);
  });

  it('refuses with `blocked` when either player blocked the other, keeping the op as written', async () => {
    server = await startSyncServer(deps);
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob, carol);
    await block(deps, bob, alice);
    const [alices, bobs] = [await session(server, alice), await session(server, bob)];
    const settings = { ballSpeed: 'slow', paddleSize: 'large', scoreLimit: 3 } as const;
    const at = new Date().toISOString();
    expect(await act(alices, { op: 'invite', convId: channel, to: bob.id, settings, at })).toMatchObject({ status: 'rejected', reason: 'blocked', to: bob.id, settings });
    expect(await act(bobs, { op: 'invite', convId: channel, to: alice.id, at })).toMatchObject({ status: 'rejected', reason: 'blocked' });
    expect(await act(alices, { op: 'invite', convId: channel, to: carol.id, at })).toMatchObject({ status: 'accepted' });
  });

  it('refuses a muted member’s invitation with `muted`, and a non-member’s with `not_member`', async () => {
    server = await startSyncServer(deps);
    const [alice, bob, outsider] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const until = new Date(Date.now() + 60_000);
    await ConversationMember.query(deps.db).patch({ mutedUntil: until }).where({ conversation_id: channel, user_id: alice.id });
    const at = new Date().toISOString();
    expect(await act(await session(server, alice), { op: 'invite', convId: channel, to: bob.id, at })).toMatchObject({ status: 'rejected', reason: 'muted', detail: until.toISOString() });
    expect(await act(await session(server, outsider), { op: 'invite', convId: channel, to: bob.id, at })).toMatchObject({ status: 'rejected', reason: 'not_member' });
  });

  it('shows a finished invitation’s result on its card and posts no second card, even with two sync servers', async () => {
    server = await startSyncServer(deps);
    const other = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, reader] = [await session(server, alice), await segment(other, bob, channel)];
    const card = await act(alices, { op: 'invite', convId: channel, to: bob.id, at: new Date().toISOString() });
    await finish(card.id, { winner: bob.id, loser: alice.id, score: [11, 7] });
    const events = new DomainEvents(deps.bus);
    await events.publish({ type: 'game.finished', gameId: card.id });
    await events.publish({ type: 'game.finished', gameId: card.id });

    expect(await shown(reader, card.id, (m) => m.game?.state === 'finished')).toMatchObject({ game: { score: [7, 11], winnerId: bob.id, reason: 'score' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await MessageRow.query(deps.db).where({ conversation_id: channel, kind: 'result' }).resultSize()).toBe(0);
    expect(ConvDoc.messages(reader.doc).toArray().filter((m) => m.game?.id === card.id)).toHaveLength(1);
  });

  it('posts a rematch’s result once in its conversation, the winner first, even with two sync servers', async () => {
    server = await startSyncServer(deps);
    const other = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const reader = await segment(other, bob, channel);
    // A rematch has the conversation of the game it follows, and no card.
    const rematch = await createReadyGame(deps.db, { leftId: alice.id, rightId: bob.id, settings: DEFAULT_GAME_SETTINGS, conversationId: channel });
    await finish(rematch.id, { winner: bob.id, loser: alice.id, score: [11, 7] });
    const events = new DomainEvents(deps.bus);
    await events.publish({ type: 'game.finished', gameId: rematch.id });
    await events.publish({ type: 'game.finished', gameId: rematch.id });

    const resultId = await waitFor(async () => (await Game.query(deps.db).findById(rematch.id))?.resultMessageId ?? undefined);
    const result = await shown(reader, resultId);
    expect(result).toMatchObject({ kind: 'result', author: bob.id, body: `${bob.username} 11 – 7 ${alice.username}`, game: { id: rematch.id, state: 'finished', score: [7, 11], winnerId: bob.id, reason: 'score' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await MessageRow.query(deps.db).where({ conversation_id: channel, kind: 'result' }).resultSize()).toBe(1);
    expect(ConvDoc.messages(reader.doc).toArray().filter((m) => m.kind === 'result')).toHaveLength(1);
  });

  it('posts the result under an id no client could name first: a message sent under a guessed id stays an ordinary message', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = await createDm(deps, alice, bob);
    const [bobs, reader] = [await session(server, bob), await segment(server, alice, dm)];
    const rematch = await createReadyGame(deps.db, { leftId: alice.id, rightId: bob.id, settings: DEFAULT_GAME_SETTINGS, conversationId: dm });
    // The id the result once had, a function of the game id alone: bob claims it with a fake score.
    const digest = createHash('sha256').update(`result:${rematch.id}`).digest();
    const guessed = rematch.id.slice(0, 10) + Array.from(digest.subarray(0, 16), (b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join('');
    expect(await act(bobs, { op: 'send', convId: dm, body: `${bob.username} 11 – 0 ${alice.username}` }, guessed)).toMatchObject({ status: 'accepted' });

    await finish(rematch.id, { winner: alice.id, loser: bob.id, score: [11, 3] });
    await new DomainEvents(deps.bus).publish({ type: 'game.finished', gameId: rematch.id });

    const resultId = await waitFor(async () => (await Game.query(deps.db).findById(rematch.id))?.resultMessageId ?? undefined);
    expect(resultId).not.toBe(guessed);
    expect(await shown(reader, resultId)).toMatchObject({ kind: 'result', author: alice.id, body: `${alice.username} 11 – 3 ${bob.username}`, game: { winnerId: alice.id } });
    expect(await MessageRow.query(deps.db).findById(guessed)).toMatchObject({ kind: 'text', authorId: bob.id });
    expect(ConvDoc.messages(reader.doc).toArray().find((m) => m.id === guessed)).not.toHaveProperty('game');
  });
});

/** What the game host records when `winner` wins (api/src/services/record-match.ts). */
async function finish(gameId: string, { winner, loser, score }: { winner: string; loser: string; score: [number, number] }): Promise<void> {
  await Game.query(deps.db).patch({ status: 'finished', endedAt: new Date() }).where({ id: gameId });
  await Match.query(deps.db).insert({
    id: newId(), gameId, winnerId: winner, loserId: loser, winnerScore: score[0], loserScore: score[1], reason: 'score',
    winnerRatingBefore: 1000, winnerRatingAfter: 1016, loserRatingBefore: 1000, loserRatingAfter: 984,
  });
}
