/**
 * A tournament moves forward here, and only here, always under its row lock (docs/architecture.md
 * §9): the start (seeding, the draw, the first games), and `settle`, which takes what the games
 * decided into the bracket, forfeits the players who did not come, replays a game whose host died,
 * opens a game for every match that became playable and ends the tournament with its winner. Every
 * step reads the database and writes it in the same transaction, so any process may run it at any
 * time, after a restart too: two processes wait on the lock, and the second finds the work done.
 */
import { createReadyGame, Game, Match, Tournament, TournamentPlayer, User, type Db, type DomainEvent, type NewNotification } from '@volley/core';
import { isRankedSettings, newId, type PublicUser } from '@volley/shared';
import { bracketWinner, drawBracket, isPlayable, StepBracket, type BracketRow, type Outcome } from './bracket.js';

/** A game still `ready` this long after its players' deadline had no room to end it: nobody came. */
export const NO_SHOW_MARGIN_MS = 10_000;

/** What a committed step tells: notifications and domain events, sent after the commit; the tournaments it changed. */
export interface Told {
  notifications: [string, NewNotification][];
  events: DomainEvent[];
  /** Tournaments whose page the step changed: their version moves on in the step's transaction (clock.ts `step`). */
  changed: Set<string>;
}

export const nothingTold = (): Told => ({ notifications: [], events: [], changed: new Set() });

/** Locks the tournament's row for the transaction; undefined when there is none. */
export async function lockTournament(trx: Db, id: string): Promise<Tournament | undefined> {
  return await Tournament.query(trx).findById(id).forUpdate();
}

/** A line in the tournament's conversation, posted by a sync server once the transaction commits. */
async function post(trx: Db, t: Tournament, told: Told, body: string): Promise<void> {
  await trx('tournament_posts').insert({ id: newId(), tournament_id: t.id, body });
  told.changed.add(t.id);
  if (!told.events.some((e) => e.type === 'tournament.posted' && e.tournamentId === t.id)) told.events.push({ type: 'tournament.posted', tournamentId: t.id });
}

async function usersById(trx: Db, ids: string[]): Promise<Map<string, User>> {
  const users = ids.length === 0 ? [] : await User.query(trx).findByIds([...new Set(ids)]);
  return new Map(users.map((u) => [u.id, u]));
}

/**
 * Registration is over: the players are seeded by rating (best first; ties by who registered
 * first), the bracket is drawn and the first games open. Fewer than two players: cancelled.
 */
export async function startTournament(trx: Db, t: Tournament, told: Told): Promise<void> {
  const players = await TournamentPlayer.query(trx).where('tournament_id', t.id).orderBy('registered_at');
  const now = new Date();
  if (players.length < 2) {
    await Tournament.query(trx).findById(t.id).patch({ status: 'cancelled', endedAt: now });
    await post(trx, t, told, `${t.name} is cancelled: fewer than two players registered.`);
    return;
  }
  const users = await usersById(
    trx,
    players.map((p) => p.userId),
  );
  const seeded = players.map((p) => ({ userId: p.userId, rating: users.get(p.userId)!.rating })).sort((a, b) => b.rating - a.rating);
  for (const [i, p] of seeded.entries()) await TournamentPlayer.query(trx).findById([t.id, p.userId]).patch({ rating: p.rating, seed: i + 1 });
  await Tournament.query(trx).findById(t.id).patch({ status: 'running', startedAt: now });
  await drawBracket(
    trx,
    t.id,
    t.format,
    seeded.map((p) => p.userId),
  );
  await post(trx, t, told, `${t.name} starts with ${players.length} players. Seeds: ${seeded.map((p, i) => `${i + 1}. ${users.get(p.userId)!.username}`).join(', ')}.`);
  await advance(trx, t, told);
}

/** Takes the tournament as far as its games allow; a tournament not running is left alone. */
export async function settleTournament(trx: Db, id: string): Promise<Told> {
  const told = nothingTold();
  const t = await lockTournament(trx, id);
  if (t?.status === 'running') await advance(trx, t, told);
  return told;
}

async function advance(trx: Db, t: Tournament, told: Told): Promise<void> {
  const bracket = new StepBracket(trx, t.id);
  let rows = await bracket.rows();
  const playing = rows.filter((r) => isPlayable(r) && r.gameId);
  // The games of every match under way in one read; only those that ended are looked at further.
  const games = new Map(playing.length === 0 ? [] : (await Game.query(trx).findByIds(playing.map((r) => r.gameId!))).map((g) => [g.id, g]));
  const ended = playing.filter((r) => games.get(r.gameId!)?.status !== 'live');
  const seeds = ended.length === 0 ? new Map<string, number>() : new Map((await TournamentPlayer.query(trx).where('tournament_id', t.id)).map((p) => [p.userId, p.seed ?? 0]));
  let decided = false;
  for (const row of ended) decided = (await decide(trx, t, bracket, row, games.get(row.gameId!), seeds, told)) || decided;
  if (decided) rows = await bracket.rows();
  await openGames(trx, t, rows, told);
  const winner = await bracketWinner(trx, t.id, t.format, rows);
  if (winner !== undefined) await finish(trx, t, winner, told);
}

/** The match's game, if it has ended: its outcome goes into the bracket (or it is replayed). True when the bracket moved. */
async function decide(trx: Db, t: Tournament, bracket: StepBracket, row: BracketRow, game: Game | undefined, seeds: Map<string, number>, told: Told): Promise<boolean> {
  if (!game || game.status === 'live') return false;
  if (game.status === 'host_lost') {
    await replay(trx, t, row, told);
    return false;
  }
  const [one, two] = row.opponents.map((o) => o!.userId!) as [string, string];
  const users = await usersById(trx, [one, two]);
  const name = (id: string) => users.get(id)?.username ?? '?';
  let outcome: Outcome;
  let line: string;
  if (game.status === 'finished') {
    const match = await Match.query(trx).findOne({ game_id: game.id });
    if (!match) return false;
    const winner = match.winnerId === one ? 1 : 2;
    const score: [number, number] = winner === 1 ? [match.winnerScore, match.loserScore] : [match.loserScore, match.winnerScore];
    outcome = { winner, score, forfeit: match.reason === 'forfeit' };
    line = `${name(one)} ${score[0]} – ${score[1]} ${name(two)}${match.reason === 'forfeit' ? ` (${name(match.loserId)} forfeits)` : ''}.`;
  } else if (game.status === 'abandoned' || (await nobodyCame(trx, game))) {
    outcome = noShow(t, one, two, seeds);
    line = 'doubleForfeit' in outcome ? `${name(one)} and ${name(two)} did not come: both lose.` : `${name(one)} and ${name(two)} did not come: ${name(outcome.winner === 1 ? one : two)}, the better seed, goes through.`;
  } else return false;
  await bracket.record(row.id, outcome);
  await post(trx, t, told, line);
  return true;
}

/**
 * A game still `ready` well after its deadline: no room ended it (a room forfeits the absent
 * player at the deadline; with nobody in it, it abandons the game), so nobody came. Ended here by
 * a conditional update, once.
 */
async function nobodyCame(trx: Db, game: Game): Promise<boolean> {
  if (game.status !== 'ready' || !game.showBy || new Date(game.showBy).getTime() > Date.now() - NO_SHOW_MARGIN_MS) return false;
  const [abandoned] = await Game.query(trx).patch({ status: 'abandoned', endedAt: new Date() }).where({ id: game.id, status: 'ready' }).returning('id');
  return abandoned !== undefined;
}

/**
 * Neither player came. A round robin counts a loss for both; an elimination bracket must send
 * someone on (brackets-manager carries no bye past a match of two byes: bracket.ts), so the
 * better seed goes through and the other forfeits.
 */
function noShow(t: Tournament, one: string, two: string, seeds: Map<string, number>): Outcome {
  if (t.format === 'round_robin') return { doubleForfeit: true };
  return { winner: (seeds.get(one) ?? 0) <= (seeds.get(two) ?? 0) ? 1 : 2, score: [0, 0], forfeit: true };
}

/** The server hosting the game died mid-game: nothing was decided, so the match is played again. */
async function replay(trx: Db, t: Tournament, row: BracketRow, told: Told): Promise<void> {
  await trx('tournament_matches').where({ id: row.id, tournament_id: t.id }).update({ game_id: null });
  await openGame(trx, t, { ...row, gameId: null }, told);
  await post(trx, t, told, 'A game was lost with the server hosting it: it is played again.');
}

/** Every playable match without a game gets one; each round's new pairings are posted as one line. */
async function openGames(trx: Db, t: Tournament, rows: BracketRow[], told: Told): Promise<void> {
  const opened = new Map<number, string[]>();
  for (const row of rows.filter((r) => isPlayable(r) && !r.gameId)) {
    const pairing = await openGame(trx, t, row, told);
    opened.set(row.roundNumber, [...(opened.get(row.roundNumber) ?? []), pairing]);
  }
  for (const [round, pairings] of opened) await post(trx, t, told, `Round ${round}: ${pairings.join(', ')}.`);
}

async function openGame(trx: Db, t: Tournament, row: BracketRow, told: Told): Promise<string> {
  const [one, two] = row.opponents.map((o) => o!.userId!) as [string, string];
  const showBy = new Date(Date.now() + t.noShowMs);
  const settings = t.settings;
  const game = await createReadyGame(trx, {
    leftId: one,
    rightId: two,
    settings,
    ranked: isRankedSettings(settings),
    // No conversation: its result is posted by the tournament (`post`), not as a game card.
    conversationId: null,
    tournamentId: t.id,
    showBy,
  });
  // Conditional on no game yet: a second process under the same lock would find it set.
  await trx('tournament_matches').where({ id: row.id, tournament_id: t.id }).whereNull('game_id').update({ game_id: game.id });
  const users = await usersById(trx, [one, two]);
  const ref = { id: t.id, name: t.name };
  for (const [me, them] of [
    [one, two],
    [two, one],
  ] as const) {
    told.notifications.push([me, { kind: 'tournament_match', tournament: ref, gameId: game.id, opponent: users.get(them)!.toPublic(), showBy: showBy.toISOString() }]);
  }
  return `${users.get(one)!.username} vs ${users.get(two)!.username}`;
}

async function finish(trx: Db, t: Tournament, winnerId: string | null, told: Told): Promise<void> {
  await Tournament.query(trx).findById(t.id).patch({ status: 'finished', winnerId, endedAt: new Date() });
  const winner: PublicUser | null = winnerId ? ((await User.query(trx).findById(winnerId))?.toPublic() ?? null) : null;
  await post(trx, t, told, winner ? `🏆 ${winner.username} wins ${t.name}!` : `${t.name} is over, without a winner.`);
  const players = await TournamentPlayer.query(trx).where('tournament_id', t.id);
  for (const p of players) told.notifications.push([p.userId, { kind: 'tournament_finished', tournament: { id: t.id, name: t.name }, winner }]);
}
