import { Game, Tournament } from '@volley/core';
import { CreateTournamentBody } from '@volley/shared';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { closeClients, createPlayer, GameClient } from '../game/game-client.testing.js';
import { Effects } from '../services/effects.js';
import { startTestApi, type TestApi } from '../api.testing.js';
import { bracketRows } from './bracket.js';
import { createTournament, register, startNow } from './registration.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterEach(closeClients);
afterAll(() => t.close());

it('a player who does not come to their match forfeits it to the one who did, who goes through', async () => {
  const deps = { db: t.deps.db, effects: new Effects(t.deps) };
  const [owner, ann, bob] = [await createPlayer(t), await createPlayer(t), await createPlayer(t)];
  const tournament = await createTournament(t.deps.db, owner.id, CreateTournamentBody.parse({ name: 'no-show cup', size: 4 }));
  for (const p of [ann, bob]) await register(deps, tournament.id, p.id);
  await startNow(deps, tournament.id, owner.id);
  const [final] = await bracketRows(t.deps.db, tournament.id);
  // The deadline comes soon (the shortest a tournament may set is 30 s).
  const game = (await Game.query(t.deps.db).patchAndFetchById(final!.gameId!, { showBy: new Date(Date.now() + 1500) }))!;
  const [here, absent] = game.leftId === ann.id ? [ann, bob] : [bob, ann];
  const client = GameClient.open(t, game.id, here.token);
  const over = await client.next('over');
  expect(over).toMatchObject({ winner: here.id === game.leftId ? 0 : 1, reason: 'forfeit' });
  await expect.poll(async () => (await Tournament.query(t.deps.db).findById(tournament.id))!.winnerId, { timeout: 10_000 }).toBe(here.id);
  expect((await bracketRows(t.deps.db, tournament.id))[0]!.opponents.find((o) => o?.userId === absent.id)).toMatchObject({ forfeit: true });
});
