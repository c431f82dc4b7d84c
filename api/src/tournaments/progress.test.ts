import { connectDb, Game, isPostgres, Match, Tournament, type Db } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { CreateTournamentBody, newId } from '@volley/shared';
import { expect, it } from 'vitest';
import { createApi } from '../index.js';
import { Effects } from '../services/effects.js';
import { recordMatch } from '../services/record-match.js';
import { bracketRows, MatchStatus } from './bracket.js';
import { step } from './clock.js';
import { settleTournament } from './progress.js';
import { createTournament, register } from './registration.js';

const deps = await testDeps();
const { db } = deps;
const effects = new Effects(deps);

async function user(): Promise<string> {
  const id = newId();
  await db('users').insert({ id, username: `u_${id.slice(-10).toLowerCase()}`, display_name: 'player', email: `${id}@example.com`, password_hash: '-' });
  return id;
}

/** A four-player tournament, started (its last registration starts it): round 1 has two games. */
async function started(): Promise<string> {
  const t = await createTournament(db, await user(), CreateTournamentBody.parse({ name: 'restart cup', size: 4 }));
  for (let i = 0; i < 4; i += 1) await register({ db, effects }, t.id, await user());
  return t.id;
}

const gamesOf = async (id: string) => (await bracketRows(db, id)).filter((r) => r.gameId);
const postsOf = async (id: string): Promise<string[]> => (await db('tournament_posts').where('tournament_id', id).orderBy('id').select('body')).map((p: { body: string }) => p.body);
const tournamentGames = async (id: string) => Number((await db('games').where('tournament_id', id).count('* as n').first())!.n);

it('a restart between two rounds loses nothing and decides nothing twice', async () => {
  const first = createApi(deps);
  const id = await started();
  const [one, two] = await gamesOf(id);
  await recordMatch(db, { gameId: one!.gameId!, winner: 1, reason: 'score', score: [2, 5] });
  await effects.publish({ type: 'game.finished', gameId: one!.gameId! });
  await expect.poll(async () => (await bracketRows(db, id)).find((r) => r.id === one!.id)!.status, { timeout: 10_000 }).toBeGreaterThanOrEqual(MatchStatus.completed);
  await first.close();

  // While no api process runs, the other game ends: its event reaches nobody.
  await recordMatch(db, { gameId: two!.gameId!, winner: 0, reason: 'score', score: [5, 1] });
  await effects.publish({ type: 'game.finished', gameId: two!.gameId! });
  const decidedBefore = (await bracketRows(db, id)).find((r) => r.id === one!.id)!;

  const second = createApi(deps);
  try {
    await expect.poll(async () => (await bracketRows(db, id)).find((r) => r.roundNumber === 2)!.gameId, { timeout: 10_000 }).toEqual(expect.any(String));
    const rows = await bracketRows(db, id);
    expect(rows.find((r) => r.id === one!.id)!.opponents).toEqual(decidedBefore.opponents);
    expect(rows.find((r) => r.id === two!.id)!.opponents.map((o) => o!.result)).toEqual(['win', 'loss']);
    expect(rows.find((r) => r.roundNumber === 2)!.opponents.map((o) => o!.userId)).toEqual([one!.opponents[1]!.userId, two!.opponents[0]!.userId]);
    expect(await tournamentGames(id)).toBe(3);
    const posts = await postsOf(id);
    expect(posts.filter((p) => / – /.test(p))).toHaveLength(2);
    expect(posts.filter((p) => p.startsWith('Round 2:'))).toHaveLength(1);
    // A result is written winner first, as everywhere: the right-hand player won game one 5–2.
    const [left, right] = await Promise.all(one!.opponents.map(async (o) => (await db('users').where({ id: o!.userId }).first('username')).username as string));
    expect(posts).toContain(`${right} 5 – 2 ${left}.`);
  } finally {
    await second.close();
  }
});

it('two processes settling one tournament at once advance each match once', async () => {
  const id = await started();
  for (const [i, row] of (await gamesOf(id)).entries()) await recordMatch(db, { gameId: row.gameId!, winner: i === 0 ? 0 : 1, reason: 'score', score: [5, 5 - i - 1] });
  // The other process: its own connections to the same database (PGlite has one, shared).
  const other: Db = isPostgres(db) ? await connectDb({ databaseUrl: deps.config.databaseUrl!, dataDir: null, schema: (db.client.config as { searchPath: string[] }).searchPath[0] }) : db;
  try {
    const settle = (on: Db) => step({ db: on, effects }, (trx) => settleTournament(trx, id));
    await Promise.all([db, other, db, other, db, other].map(settle));
  } finally {
    if (other !== db) await other.destroy();
  }
  const rows = await bracketRows(db, id);
  expect(rows.filter((r) => r.roundNumber === 1).every((r) => r.status >= MatchStatus.completed)).toBe(true);
  expect(await tournamentGames(id)).toBe(3);
  const posts = await postsOf(id);
  expect(posts.filter((p) => / – /.test(p))).toHaveLength(2);
  expect(posts.filter((p) => p.startsWith('Round 2:'))).toHaveLength(1);
  // The final is played and decided once too.
  const final = rows.find((r) => r.roundNumber === 2)!;
  await recordMatch(db, { gameId: final.gameId!, winner: 0, reason: 'score', score: [5, 0] });
  await Promise.all([1, 2, 3].map(() => step({ db, effects }, (trx) => settleTournament(trx, id))));
  expect(await Tournament.query(db).findById(id)).toMatchObject({ status: 'finished', winnerId: final.opponents[0]!.userId });
  expect((await postsOf(id)).filter((p) => p.startsWith('🏆'))).toHaveLength(1);
  expect(await Match.query(db).whereIn('game_id', Game.query(db).where('tournament_id', id).select('id')).resultSize()).toBe(3);
});
