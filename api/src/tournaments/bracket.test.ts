import { testDeps } from '@volley/core/testing';
import { DEFAULT_GAME_SETTINGS, newId, type TournamentFormat } from '@volley/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketRows, bracketWinner, drawBracket, isPlayable, recordOutcome, type BracketRow, type Outcome } from './bracket.js';

const deps = await testDeps();
const { db } = deps;

const owner = newId();
await db('users').insert({ id: owner, username: `owner_${owner.slice(-6)}`, display_name: 'owner', email: `${owner}@example.com`, password_hash: '-' });

/** A tournament row for the bracket to belong to; the players are plain ids, best seed first. */
async function tournamentOf(format: TournamentFormat, players: number): Promise<{ id: string; seeding: string[] }> {
  const id = newId();
  await db('tournaments').insert({ id, name: 'property', owner_id: owner, format, size: 64, settings: JSON.stringify(DEFAULT_GAME_SETTINGS), no_show_ms: 120_000, status: 'running' });
  return { id, seeding: Array.from({ length: players }, (_, i) => `seed-${String(i + 1).padStart(2, '0')}`) };
}

/** Plays every playable match, in bracket order, with the next outcome of the list (cycled). */
async function playOut(id: string, outcomes: Outcome[]): Promise<BracketRow[]> {
  let rows = await bracketRows(db, id);
  for (let played = 0; rows.some(isPlayable); played += 1) {
    if (played > 100) throw new Error('the bracket does not end');
    const match = rows.find(isPlayable)!;
    await recordOutcome(db, id, match.id, outcomes[played % outcomes.length]!);
    rows = await bracketRows(db, id);
  }
  return rows;
}

const won: fc.Arbitrary<Outcome> = fc.record({ winner: fc.constantFrom(1 as const, 2 as const), score: fc.tuple(fc.nat(11), fc.nat(11)), forfeit: fc.boolean() });
/** Only a round robin has double forfeits: elimination advances the better seed instead (tournament-service.ts). */
const outcome: fc.Arbitrary<Outcome> = fc.oneof({ weight: 8, arbitrary: won }, { weight: 1, arbitrary: fc.constant({ doubleForfeit: true as const }) });

function onceARound(rows: BracketRow[]): void {
  const rounds = new Map<string, BracketRow[]>();
  for (const row of rows) rounds.set(`${row.groupNumber}.${row.roundNumber}`, [...(rounds.get(`${row.groupNumber}.${row.roundNumber}`) ?? []), row]);
  for (const matches of rounds.values()) {
    const players = matches.flatMap((m) => m.opponents.flatMap((o) => (o?.userId ? [o.userId] : [])));
    expect(new Set(players).size).toBe(players.length);
  }
}

describe('single elimination', () => {
  it('pairs each player at most once a round, gives the byes to the best seeds, and ends with one winner', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 64 }), fc.array(won, { minLength: 1, maxLength: 10 }), async (players, outcomes) => {
        const { id, seeding } = await tournamentOf('single_elimination', players);
        await drawBracket(db, id, 'single_elimination', seeding);
        const drawn = await bracketRows(db, id);
        const first = drawn.filter((row) => row.roundNumber === 1);
        const size = first.length * 2;
        expect(size).toBeGreaterThanOrEqual(players);
        expect(size).toBeLessThan(players * 2);
        // Never a match of two byes, and the players who skip the first round are the best seeds.
        expect(first.every((row) => row.opponents.some((o) => o !== null))).toBe(true);
        const byes = first.filter((row) => row.opponents.includes(null)).map((row) => row.opponents.find((o) => o)!.userId);
        expect(byes.sort()).toEqual(seeding.slice(0, size - players));

        const rows = await playOut(id, outcomes);
        onceARound(rows);
        const winner = await bracketWinner(db, id, 'single_elimination', rows);
        expect(winner).not.toBeUndefined();
        {
          // The winner lost no match, and everyone else lost exactly one.
          const losses = new Map(seeding.map((p) => [p, 0]));
          for (const row of rows) for (const o of row.opponents) if (o?.userId && (o.result === 'loss' || o.forfeit)) losses.set(o.userId, losses.get(o.userId)! + 1);
          expect(winner).not.toBeNull();
          expect(losses.get(winner!)).toBe(0);
          expect([...losses.entries()].filter(([p]) => p !== winner).every(([, n]) => n === 1)).toBe(true);
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});

describe('round robin', () => {
  it('pairs every two players exactly once, each at most once a round, and names one winner', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), fc.array(outcome, { minLength: 1, maxLength: 10 }), async (players, outcomes) => {
        const { id, seeding } = await tournamentOf('round_robin', players);
        await drawBracket(db, id, 'round_robin', seeding);
        const rows = await playOut(id, outcomes);
        onceARound(rows);
        const pairs = rows.map((row) => row.opponents.map((o) => o!.userId).sort().join(' '));
        expect(new Set(pairs).size).toBe(pairs.length);
        expect(pairs.length).toBe((players * (players - 1)) / 2);
        const winner = await bracketWinner(db, id, 'round_robin', rows);
        expect(winner).not.toBeUndefined();
        // Every match is played, outcomes taken in turn: a winner exists once one of them was won.
        const played = rows.map((_, i) => outcomes[i % outcomes.length]!);
        if (played.some((o) => !('doubleForfeit' in o))) expect(seeding).toContain(winner);
        else expect(winner).toBeNull();
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
