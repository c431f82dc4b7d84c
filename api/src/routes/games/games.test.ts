import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Game, Match, User } from '@volley/core';
import { DEFAULT_GAME_SETTINGS, ErrorBody, GameStats, GameView, Leaderboard, MatchHistoryPage, newId } from '@volley/shared';
import { addInvitation, as, notificationsFor, recordEvents, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const errorOf = async (res: Response) => ({ status: res.status, code: ErrorBody.parse(await res.json()).error.code });

const invitation = (from: Session, to: Session, expiresInMs?: number) => addInvitation(t, from, to, expiresInMs);

/** A finished game and its match, as the game host records them (api/src/services/record-match.ts). */
async function played(winner: Session, loser: Session, ratings: { winner: [number, number]; loser: [number, number] }, score: [number, number] = [11, 4]) {
  const game = await Game.query(t.deps.db).insert({ id: newId(), status: 'finished', ranked: true, settings: DEFAULT_GAME_SETTINGS, leftId: loser.user.id, rightId: winner.user.id }).returning('*');
  const match = await Match.query(t.deps.db).insert({
    id: newId(), gameId: game.id, winnerId: winner.user.id, loserId: loser.user.id, winnerScore: score[0], loserScore: score[1], reason: 'score',
    winnerRatingBefore: ratings.winner[0], winnerRatingAfter: ratings.winner[1], loserRatingBefore: ratings.loser[0], loserRatingAfter: ratings.loser[1],
  }).returning('*');
  await User.query(t.deps.db).patch({ rating: ratings.winner[1] }).where({ id: winner.user.id });
  await User.query(t.deps.db).patch({ rating: ratings.loser[1] }).where({ id: loser.user.id });
  return { game, match };
}

describe('answering an invitation', () => {
  it('accepting makes the game ready, updates the card and takes both players into the game', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const game = await invitation(ann, bob);
    const recorded = await recordEvents(t);
    const res = await as(t, bob)('POST', `/api/v1/games/${game.id}/accept`);
    expect(res.status).toBe(200);
    const view = GameView.parse(await res.json());
    expect(view).toMatchObject({ id: game.id, status: 'ready', players: [{ id: ann.user.id, rating: 1000 }, { id: bob.user.id, rating: 1000 }], score: null, winnerId: null });
    await expect.poll(() => recorded.events).toContainEqual({ type: 'message.changed', messageId: game.messageId });
    expect(await notificationsFor(t, ann.user.id)).toMatchObject([{ kind: 'game_ready', gameId: game.id, opponent: bob.user }]);
    expect(await notificationsFor(t, bob.user.id)).toMatchObject([{ kind: 'game_ready', gameId: game.id, opponent: ann.user }]);
    expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${game.id}/accept`))).toEqual({ status: 409, code: 'invitation_closed' });
    await recorded.stop();
  });

  it('of two accepts at once, one wins', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const game = await invitation(ann, bob);
    const answers = await Promise.all([1, 2].map(() => as(t, bob)('POST', `/api/v1/games/${game.id}/accept`)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('only the invited player answers; others learn nothing of the invitation', async () => {
    const [ann, bob, eve] = [await signUp(t), await signUp(t), await signUp(t)];
    const game = await invitation(ann, bob);
    for (const action of ['accept', 'decline']) {
      expect(await errorOf(await as(t, ann)('POST', `/api/v1/games/${game.id}/${action}`))).toEqual({ status: 403, code: 'forbidden' });
      expect(await errorOf(await as(t, eve)('POST', `/api/v1/games/${game.id}/${action}`))).toEqual({ status: 404, code: 'not_found' });
      expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${newId()}/${action}`))).toEqual({ status: 404, code: 'not_found' });
      expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${'x'.repeat(41)}/${action}`))).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect((await Game.query(t.deps.db).findById(game.id))!.status).toBe('invited');
  });

  it('refuses with `blocked` once either player blocked the other', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const game = await invitation(ann, bob);
    expect((await as(t, ann)('PUT', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${game.id}/accept`))).toEqual({ status: 403, code: 'blocked' });
  });

  it('declining is final: the card is told, a second decline changes nothing, an accept conflicts', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const game = await invitation(ann, bob);
    const recorded = await recordEvents(t);
    expect((await as(t, bob)('POST', `/api/v1/games/${game.id}/decline`)).status).toBe(204);
    expect((await as(t, bob)('POST', `/api/v1/games/${game.id}/decline`)).status).toBe(204);
    await expect.poll(() => recorded.events).toContainEqual({ type: 'message.changed', messageId: game.messageId });
    expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${game.id}/accept`))).toEqual({ status: 409, code: 'invitation_closed' });
    expect((await Game.query(t.deps.db).findById(game.id))!.status).toBe('declined');
    await recorded.stop();
  });

  it('an invitation expires unanswered: the card is told, and answering it conflicts', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const recorded = await recordEvents(t);
    const game = await invitation(ann, bob, -1000);
    expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${game.id}/accept`))).toEqual({ status: 409, code: 'invitation_closed' });
    await expect.poll(async () => (await Game.query(t.deps.db).findById(game.id))!.status, { timeout: 5000 }).toBe('expired');
    await expect.poll(() => recorded.events).toContainEqual({ type: 'message.changed', messageId: game.messageId });
    expect(await errorOf(await as(t, bob)('POST', `/api/v1/games/${game.id}/decline`))).toEqual({ status: 409, code: 'invitation_closed' });
    await recorded.stop();
  });

  it('an accepted game no one ever opens is called off after ten minutes, and its card is told', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const recorded = await recordEvents(t);
    const game = await invitation(ann, bob);
    expect((await as(t, bob)('POST', `/api/v1/games/${game.id}/accept`)).status).toBe(200);
    const fresh = await invitation(ann, bob);
    expect((await as(t, bob)('POST', `/api/v1/games/${fresh.id}/accept`)).status).toBe(200);
    await Game.query(t.deps.db).patch({ createdAt: new Date(Date.now() - 11 * 60_000) }).where({ id: game.id });
    await expect.poll(async () => (await Game.query(t.deps.db).findById(game.id))!.status, { timeout: 5000 }).toBe('abandoned');
    expect((await Game.query(t.deps.db).findById(game.id))!.endedAt).not.toBeNull();
    await expect.poll(() => recorded.events).toContainEqual({ type: 'message.changed', messageId: game.messageId });
    expect((await Game.query(t.deps.db).findById(fresh.id))!.status).toBe('ready');
    await recorded.stop();
  });
});

describe('a game, to watch', () => {
  it('is shown to any signed-in user, except one blocked either way by a player', async () => {
    const [ann, bob, fan, foe] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    const { game } = await played(ann, bob, { winner: [1000, 1016], loser: [1000, 984] }, [11, 7]);
    const res = await as(t, fan)('GET', `/api/v1/games/${game.id}`);
    expect(GameView.parse(await res.json())).toMatchObject({ status: 'finished', players: [{ id: bob.user.id }, { id: ann.user.id }], score: [7, 11], winnerId: ann.user.id });
    expect((await as(t, foe)('PUT', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect(await errorOf(await as(t, foe)('GET', `/api/v1/games/${game.id}`))).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('match history, stats and the leaderboard', () => {
  it('lists a player’s matches newest first, page by page, from their side', async () => {
    const [ann, bob, cid] = [await signUp(t), await signUp(t), await signUp(t)];
    const first = await played(ann, bob, { winner: [1000, 1016], loser: [1000, 984] });
    const second = await played(cid, ann, { winner: [1000, 1016], loser: [1016, 1000] }, [11, 9]);
    const third = await played(ann, cid, { winner: [1000, 1015], loser: [1016, 1001] });
    const page1 = MatchHistoryPage.parse(await (await as(t, bob)('GET', `/api/v1/users/${ann.user.id}/matches?limit=2`)).json());
    expect(page1.items.map((m) => m.id)).toEqual([third.match.id, second.match.id]);
    expect(page1.items[1]).toMatchObject({ gameId: second.game.id, won: false, score: [9, 11], opponent: cid.user, ratingBefore: 1016, ratingAfter: 1000, reason: 'score' });
    const page2 = MatchHistoryPage.parse(await (await as(t, bob)('GET', `/api/v1/users/${ann.user.id}/matches?limit=2&cursor=${page1.nextCursor}`)).json());
    expect(page2).toEqual({ items: [expect.objectContaining({ id: first.match.id, won: true, score: [11, 4], opponent: bob.user })], nextCursor: null });
  });

  it('hides a player’s record from those they blocked', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    expect((await as(t, ann)('PUT', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect(await errorOf(await as(t, bob)('GET', `/api/v1/users/${ann.user.id}/matches`))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await as(t, bob)('GET', `/api/v1/users/${ann.user.id}/game-stats`))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await as(t, bob)('GET', `/api/v1/users/${newId()}/game-stats`))).toEqual({ status: 404, code: 'not_found' });
  });

  it('gives a player’s wins, losses, rank, rating after each match and the game they play now', async () => {
    const [ann, bob, viewer] = [await signUp(t), await signUp(t), await signUp(t)];
    const stats = async (s: Session) => GameStats.parse(await (await as(t, viewer)('GET', `/api/v1/users/${s.user.id}/game-stats`)).json());
    expect(await stats(ann)).toEqual({ rating: 1000, wins: 0, losses: 0, rank: null, ratingHistory: [], liveGameId: null });
    const first = await played(ann, bob, { winner: [1000, 1016], loser: [1000, 984] });
    await played(bob, ann, { winner: [984, 1001], loser: [1016, 999] });
    const live = await invitation(ann, bob);
    await Game.query(t.deps.db).patch({ status: 'live' }).where({ id: live.id });
    const mine = await stats(ann);
    expect(mine).toMatchObject({ rating: 999, wins: 1, losses: 1, liveGameId: live.id });
    expect(mine.ratingHistory.map((p) => p.rating)).toEqual([1016, 999]);
    expect(mine.ratingHistory[0]!.at).toBe(new Date(first.match.endedAt).toISOString());
    const board = Leaderboard.parse(await (await as(t, viewer)('GET', '/api/v1/leaderboard')).json());
    expect(mine.rank).toBe(board.items.find((e) => e.user.id === ann.user.id)!.rank);
  });

  it('ranks players with a match by rating, ties by a stable order, and shows the viewer’s own line', async () => {
    const [top, tiedA, tiedB, loser, idle] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    await played(top, loser, { winner: [9000, 9100], loser: [1000, 900] });
    await played(tiedA, loser, { winner: [9000, 9050], loser: [900, 850] });
    await played(tiedB, loser, { winner: [9000, 9050], loser: [850, 800] });
    const board = Leaderboard.parse(await (await as(t, tiedB)('GET', '/api/v1/leaderboard')).json());
    const [tieFirst, tieSecond] = [tiedA, tiedB].map((s) => s.user.id).sort();
    expect(board.items.slice(0, 3).map((e) => [e.rank, e.user.id, e.rating])).toEqual([[1, top.user.id, 9100], [2, tieFirst, 9050], [3, tieSecond, 9050]]);
    expect(board.me).toEqual(board.items.find((e) => e.user.id === tiedB.user.id));
    expect(board.items.find((e) => e.user.id === loser.user.id)).toMatchObject({ wins: 0, losses: 3, rating: 800 });
    expect(board.items.some((e) => e.user.id === idle.user.id)).toBe(false);
    expect(Leaderboard.parse(await (await as(t, idle)('GET', '/api/v1/leaderboard')).json()).me).toBeNull();

    // Blocking hides the player from the viewer's list; everyone keeps their place.
    expect((await as(t, tiedB)('PUT', `/api/v1/blocks/${top.user.id}`)).status).toBe(204);
    const unblocked = Leaderboard.parse(await (await as(t, tiedB)('GET', '/api/v1/leaderboard')).json());
    expect(unblocked.items.slice(0, 2).map((e) => [e.rank, e.user.id])).toEqual([[2, tieFirst], [3, tieSecond]]);
    expect(unblocked.me).toMatchObject({ rank: board.me!.rank, wins: 1, losses: 0 });
  });
});
