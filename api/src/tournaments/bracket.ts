/**
 * A tournament's bracket, drawn and advanced by `brackets-manager` on our tables (bracket-storage.ts).
 * The library decides pairings, byes, seeding order and who advances; this module only says which
 * stage to draw and reads the result back in our terms. Callers hold the tournament's row lock
 * (tournament-lock.ts), so the library's reads and writes of one bracket never interleave.
 */
import type { Db } from '@volley/core';
import type { TournamentFormat } from '@volley/shared';
import { BracketsManager } from 'brackets-manager';
import { BracketStorage, StepStorage } from './bracket-storage.js';

/** brackets-model's `Status`, which the package exports only as a type-level enum. */
export const MatchStatus = { locked: 0, waiting: 1, ready: 2, running: 3, completed: 4, archived: 5 } as const;

export type Outcome =
  /** Side 1 or 2 won (by score, or the other forfeited), [side 1, side 2] points. */
  | { winner: 1 | 2; score: [number, number]; forfeit: boolean }
  /**
   * Neither player came (round robin only): both lose. In elimination the library would leave the
   * match after two of these waiting for ever (it carries no bye past a match of two byes), so
   * the service advances the better seed there instead.
   */
  | { doubleForfeit: true };

/** A match as stored, with the user ids of its sides (null: to be decided; a null slot: a bye). */
export interface BracketRow {
  id: number;
  roundNumber: number;
  groupNumber: number;
  number: number;
  status: number;
  opponents: [Slot | null, Slot | null];
  gameId: string | null;
}

export interface Slot {
  userId: string | null;
  score: number | null;
  result: 'win' | 'loss' | 'draw' | null;
  forfeit: boolean;
}

const manager = (db: Db, tournamentId: string) => new BracketsManager(new BracketStorage(db, tournamentId));

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(n, 2)));

/**
 * Draws the bracket; `seeding` is the players' user ids, best first. Single elimination is padded
 * to a power of two with byes, which `inner_outer` ordering hands to the best seeds (1 meets the
 * last place, 2 the one before): never two byes in one match, since byes are fewer than half.
 */
export async function drawBracket(db: Db, tournamentId: string, format: TournamentFormat, seeding: string[]): Promise<void> {
  if (format === 'single_elimination') {
    const size = nextPowerOfTwo(seeding.length);
    await manager(db, tournamentId).create.stage({
      tournamentId,
      name: 'bracket',
      type: 'single_elimination',
      seeding: [...seeding, ...Array<null>(size - seeding.length).fill(null)],
      settings: { size, seedOrdering: ['inner_outer'] },
    });
  } else {
    await manager(db, tournamentId).create.stage({ tournamentId, name: 'bracket', type: 'round_robin', seeding, settings: { groupCount: 1 } });
  }
}

/**
 * One step's bracket: the library advances it in memory (bracket-storage.ts `StepStorage`), and
 * `rows` writes what changed and reads it back without asking the database again.
 */
export class StepBracket {
  readonly #storage: StepStorage;
  readonly #manager: BracketsManager;

  constructor(db: Db, tournamentId: string) {
    this.#storage = new StepStorage(db, tournamentId);
    this.#manager = new BracketsManager(this.#storage);
  }

  /** Records a match's outcome; the library moves the winner on (and archives what is settled). */
  async record(matchId: number, outcome: Outcome): Promise<void> {
    const update: MatchUpdate =
      'doubleForfeit' in outcome
        ? { id: matchId, opponent1: { forfeit: true }, opponent2: { forfeit: true } }
        : {
            id: matchId,
            opponent1: side(outcome, 1),
            opponent2: side(outcome, 2),
          };
    await this.#manager.update.match(update);
  }

  /** Writes what `record` changed. */
  save(): Promise<void> {
    return this.#storage.flush();
  }

  /** Every match, as `bracketRows` reads it, after writing what `record` changed. */
  async rows(): Promise<BracketRow[]> {
    await this.save();
    // One after another: a step's bracket reads in its transaction, on one connection.
    const matches = await this.#storage.rows('match');
    const rounds = await this.#storage.rows('round');
    const groups = await this.#storage.rows('group');
    const participants = await this.#storage.rows('participant');
    const roundNumber = new Map(rounds.map((r) => [r.id, r.number as number]));
    const groupNumber = new Map(groups.map((g) => [g.id, g.number as number]));
    const rows = matches.map((m) => ({ ...(m as unknown as MatchRowDb), round_number: roundNumber.get(m.round_id)!, group_number: groupNumber.get(m.group_id)! }));
    rows.sort((a, b) => a.group_number - b.group_number || a.round_number - b.round_number || a.number - b.number);
    return asBracketRows(rows, participants as unknown as { id: number; name: string }[]);
  }
}

/** Records one match's outcome on its own (a step records its results on its `StepBracket`). */
export async function recordOutcome(db: Db, tournamentId: string, matchId: number, outcome: Outcome): Promise<void> {
  const bracket = new StepBracket(db, tournamentId);
  await bracket.record(matchId, outcome);
  await bracket.save();
}

type MatchUpdate = Parameters<BracketsManager['update']['match']>[0];

function side(outcome: Extract<Outcome, { winner: 1 | 2 }>, number: 1 | 2): MatchUpdate['opponent1'] {
  const won = outcome.winner === number;
  return { score: outcome.score[number - 1], result: won ? 'win' : 'loss', ...(outcome.forfeit && !won ? { forfeit: true } : {}) };
}

interface MatchRowDb {
  id: number;
  number: number;
  status: number;
  opponent1: LibraryOpponent | null;
  opponent2: LibraryOpponent | null;
  game_id: string | null;
  round_number: number;
  group_number: number;
}

type LibraryOpponent = { id: number | null; score?: number; result?: 'win' | 'loss' | 'draw'; forfeit?: boolean };

/** Every match of the bracket, in round order, with our columns (the library never sees them). */
export async function bracketRows(db: Db, tournamentId: string): Promise<BracketRow[]> {
  // Side by side: outside a transaction, on two connections.
  const [rows, participants]: [MatchRowDb[], { id: number; name: string }[]] = await Promise.all([
    db('tournament_matches as m')
      .join('tournament_rounds as r', 'r.id', 'm.round_id')
      .join('tournament_groups as g', 'g.id', 'm.group_id')
      .where('m.tournament_id', tournamentId)
      .orderBy([{ column: 'g.number' }, { column: 'r.number' }, { column: 'm.number' }])
      .select('m.id', 'm.number', 'm.status', 'm.opponent1', 'm.opponent2', 'm.game_id', 'r.number as round_number', 'g.number as group_number'),
    db('tournament_participants').where('tournament_id', tournamentId).select('id', 'name'),
  ]);
  return asBracketRows(rows, participants);
}

function asBracketRows(rows: MatchRowDb[], participants: { id: number; name: string }[]): BracketRow[] {
  const userOf = new Map(participants.map((p) => [p.id, p.name]));
  const slot = (o: LibraryOpponent | null): Slot | null =>
    o === null ? null : { userId: o.id === null ? null : (userOf.get(o.id) ?? null), score: o.score ?? null, result: o.result ?? null, forfeit: o.forfeit === true };
  return rows.map((row) => ({
    id: row.id,
    roundNumber: row.round_number,
    groupNumber: row.group_number,
    number: row.number,
    status: row.status,
    opponents: [slot(row.opponent1), slot(row.opponent2)],
    gameId: row.game_id,
  }));
}

/** A match both of whose players are known and which has no result yet: it is to be played. */
export const isPlayable = (row: BracketRow): boolean =>
  (row.status === MatchStatus.ready || row.status === MatchStatus.running) && row.opponents.every((o) => o?.userId != null);

/**
 * `undefined` while matches remain to be played; then the winner's user id, or null when there is
 * none (a final neither player came to). Round robin: most wins, then points difference, then seed.
 */
export async function bracketWinner(db: Db, tournamentId: string, format: TournamentFormat, rows?: BracketRow[]): Promise<string | null | undefined> {
  const all = rows ?? (await bracketRows(db, tournamentId));
  if (!all.every(isSettled)) return undefined;
  if (format === 'single_elimination') {
    const final = all.at(-1)!;
    const won = final.opponents.find((o) => o?.result === 'win');
    if (won) return won.userId;
    // A final with a bye: its one player wins it without playing.
    const present = final.opponents.filter((o) => o?.userId != null && !o.forfeit);
    return present.length === 1 ? present[0]!.userId : null;
  }
  const standings = new Map<string, { wins: number; diff: number }>();
  for (const row of all) {
    for (const [i, o] of row.opponents.entries()) {
      if (!o?.userId) continue;
      const other = row.opponents[1 - i];
      const entry = standings.get(o.userId) ?? { wins: 0, diff: 0 };
      if (o.result === 'win') entry.wins += 1;
      entry.diff += (o.score ?? 0) - (other?.score ?? 0);
      standings.set(o.userId, entry);
    }
  }
  const seeds: { user_id: string; seed: number }[] = await db('tournament_players').where('tournament_id', tournamentId).select('user_id', 'seed');
  const seedOf = new Map(seeds.map((s) => [s.user_id, s.seed]));
  const ranked = [...standings.entries()].sort(([a, x], [b, y]) => y.wins - x.wins || y.diff - x.diff || (seedOf.get(a) ?? 0) - (seedOf.get(b) ?? 0));
  return ranked[0]?.[1].wins ? ranked[0][0] : null;
}

/** Decided, or a bye (a match with no second player is never played). */
const isSettled = (row: BracketRow): boolean => row.status >= MatchStatus.completed || row.opponents.some((o) => o === null);
