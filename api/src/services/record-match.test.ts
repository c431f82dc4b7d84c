import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Game, Match, User } from '@volley/core';
import { createPlayer, readyGame } from '../game/game-client.testing.js';
import { startTestApi, type TestApi } from '../api.testing.js';
import { eloGain, recordMatch } from './record-match.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
}, 60_000);
afterAll(() => t.close());

const rating = async (id: string) => (await User.query(t.deps.db).findById(id))!.rating;

describe('recording a match', () => {
  it('moves ratings by Elo (K = 32): an upset earns more than the expected win', () => {
    expect(eloGain(1000, 1000)).toBe(16);
    expect(eloGain(1200, 1000)).toBe(8);
    expect(eloGain(1000, 1200)).toBe(24);
  });

  it('records a game once, however many times its end is reported', async () => {
    const [alice, bob] = [await createPlayer(t), await createPlayer(t)];
    await User.query(t.deps.db).findById(bob.id).patch({ rating: 1200 });
    const game = await readyGame(t, alice, bob);
    const [first, second] = await Promise.all([
      recordMatch(t.deps.db, { gameId: game.id, winner: 0, reason: 'score', score: [11, 7] }),
      recordMatch(t.deps.db, { gameId: game.id, winner: 1, reason: 'forfeit', score: [0, 0] }),
    ]);
    expect(second!.id).toBe(first!.id);
    expect(await Match.query(t.deps.db).where('game_id', game.id).resultSize()).toBe(1);
    const aliceWon = first!.winnerId === alice.id;
    expect(await rating(alice.id)).toBe(aliceWon ? 1024 : 1000 - 8);
    expect(await rating(bob.id)).toBe(aliceWon ? 1176 : 1208);
    expect((await Game.query(t.deps.db).findById(game.id))!.status).toBe('finished');
  });

  it.each(['host_lost', 'abandoned', 'declined', 'expired'] as const)('leaves a game that ended %s as it ended: no match, no rating moved', async (status) => {
    const [alice, bob] = [await createPlayer(t), await createPlayer(t)];
    const game = await readyGame(t, alice, bob);
    await Game.query(t.deps.db).findById(game.id).patch({ status });
    expect(await recordMatch(t.deps.db, { gameId: game.id, winner: 0, reason: 'score', score: [11, 2] })).toBeUndefined();
    expect((await Game.query(t.deps.db).findById(game.id))!.status).toBe(status);
    expect(await Match.query(t.deps.db).where('game_id', game.id).resultSize()).toBe(0);
    expect([await rating(alice.id), await rating(bob.id)]).toEqual([1000, 1000]);
  });

  it('leaves ratings alone for an unranked game', async () => {
    const [alice, bob] = [await createPlayer(t), await createPlayer(t)];
    const game = await readyGame(t, alice, bob);
    await Game.query(t.deps.db).findById(game.id).patch({ ranked: false });
    const match = await recordMatch(t.deps.db, { gameId: game.id, winner: 1, reason: 'score', score: [3, 11] });
    expect(match).toMatchObject({ winnerId: bob.id, winnerScore: 11, loserScore: 3, winnerRatingBefore: 1000, winnerRatingAfter: 1000 });
    expect([await rating(alice.id), await rating(bob.id)]).toEqual([1000, 1000]);
  });
});
