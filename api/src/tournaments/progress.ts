/**
 * A tournament moves forward here, and only here, always under its row lock (docs/architecture.md
 * §9): the start (seeding, the draw, the first games), and `settle`, which takes what the games
 * decided into the bracket, forfeits the players who did not come or whose account is closed,
 * replays a game whose host died,
 * opens a game for every match that became playable and ends the tournament with its winner. Every
 * step reads the database and writes it in the same transaction, so any process may run it at any
 * time, after a restart too: two processes wait on the lock, and the second finds the work done.
 */
import { createReadyGames, Game, isOpenAccount, Match, Tournament, TournamentPlayer, User, type Db, type DomainEvent, type NewNotification } from '@volley/core';
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
  /** Lines for the tournaments' conversations, in order: written in one statement at the end of the step (clock.ts `step`). */
  posts: { id: string; tournament_id: string; body: string }[];
}

export const nothingTold = (): Told => ({ notifications: [], events: [], changed: new Set(), posts: [] });

/** Locks the tournament's row for the transaction; undefined when there is none. */
export async function lockTournament(trx: Db, id: string): Promise<Tournament | undefined> {
  return await Tournament.query(trx).findById(id).forUpdate();
}

/** A line in the tournament's conversation, posted by a sync server once the transaction commits. */
function post(t: Tournament, told: Told, body: string): void {
  told.posts.push({ id: newId(), tournament_id: t.id, body });
  told.changed.add(t.id);
  if (!told.events.some((e) => e.type === 'tournament.posted' && e.tournamentId === t.id)) told.events.push({ type: 'tournament.posted', tournamentId: t.id });
}

/** The users a step names, each read once for the whole step: those it lacks in one statement. */
class StepUsers {
  readonly #users = new Map<string, User>();

  constructor(private readonly trx: Db) {}

  async load(ids: string[]): Promise<Map<string, User>> {
    const missing = [...new Set(ids)].filter((id) => !this.#users.has(id));
    if (missing.length > 0) for (const u of await User.query(this.trx).findByIds(missing)) this.#users.set(u.id, u);
    return this.#users;
  }
}

/**
 * Registration is over: the players are seeded by rating (best first; ties by who registered
 * first), the bracket is drawn and the first games open. A player whose account closed meanwhile
 * is withdrawn. Fewer than two players: cancelled.
 */
export async function startTournament(trx: Db, t: Tournament, told: Told): Promise<void> {
  const registered = await TournamentPlayer.query(trx).where('tournament_id', t.id).orderBy('registered_at');
  const step = new StepUsers(trx);
  const users = await step.load(registered.map((p) => p.userId));
  const closed = registered.filter((p) => !isOpenAccount(users.get(p.userId))).map((p) => p.userId);
  if (closed.length > 0) await TournamentPlayer.query(trx).delete().where('tournament_id', t.id).whereIn('user_id', closed);
  const players = registered.filter((p) => !closed.includes(p.userId));
  if (players.length < 2) return cancelTournament(trx, t, told, 'fewer than two players registered');
  const now = new Date();
  const seeded = players.map((p) => ({ userId: p.userId, rating: users.get(p.userId)!.rating })).sort((a, b) => b.rating - a.rating);
  for (const [i, p] of seeded.entries()) await TournamentPlayer.query(trx).findById([t.id, p.userId]).patch({ rating: p.rating, seed: i + 1 });
  await Tournament.query(trx).findById(t.id).patch({ status: 'running', startedAt: now });
  await drawBracket(
    trx,
    t.id,
    t.format,
    seeded.map((p) => p.userId),
  );
  post(t, told, `${t.name} starts with ${players.length} players. Seeds: ${seeded.map((p, i) => `${i + 1}. ${users.get(p.userId)!.username}`).join(', ')}.`);
  await advance(trx, t, told, step);
}

/** The tournament will not be played, for the reason said in its conversation. */
export async function cancelTournament(trx: Db, t: Tournament, told: Told, why: string): Promise<void> {
  await Tournament.query(trx).findById(t.id).patch({ status: 'cancelled', endedAt: new Date() });
  post(t, told, `${t.name} is cancelled: ${why}.`);
}

/** Takes the tournament as far as its games allow; a tournament not running is left alone. */
export async function settleTournament(trx: Db, id: string): Promise<Told> {
  const told = nothingTold();
  const t = await lockTournament(trx, id);
  if (t?.status === 'running') await advance(trx, t, told);
  return told;
}

/** Whether a match's game may have ended: it did, or nobody came by its deadline (and the margin). */
function mayHaveEnded(game: Game | undefined, now: number): game is Game {
  if (!game) return false;
  if (game.status === 'ready') return !!game.showBy && new Date(game.showBy).getTime() <= now - NO_SHOW_MARGIN_MS;
  return game.status !== 'live';
}

async function advance(trx: Db, t: Tournament, told: Told, users = new StepUsers(trx)): Promise<void> {
  const bracket = new StepBracket(trx, t.id);
  let rows = await bracket.rows();
  const playing = rows.filter((r) => isPlayable(r) && r.gameId);
  // The games of every match under way in one read; only those that ended are looked at further,
  // their players and results each in one read too.
  const games = new Map(playing.length === 0 ? [] : (await Game.query(trx).findByIds(playing.map((r) => r.gameId!))).map((g) => [g.id, g]));
  const now = Date.now();
  const ended = playing.filter((r) => mayHaveEnded(games.get(r.gameId!), now));
  if (ended.length > 0) {
    await users.load(ended.flatMap((r) => r.opponents.map((o) => o!.userId!)));
    const finished = ended.map((r) => games.get(r.gameId!)!).filter((g) => g.status === 'finished');
    const matches = new Map(finished.length === 0 ? [] : (await Match.query(trx).whereIn('game_id', finished.map((g) => g.id))).map((m) => [m.gameId, m]));
    let seeds: Map<string, number> | undefined;
    const seedsOf = async () =>
      (seeds ??= new Map((await TournamentPlayer.query(trx).where('tournament_id', t.id)).map((p) => [p.userId, p.seed ?? 0])));
    let decided = false;
    for (const row of ended) {
      const game = games.get(row.gameId!)!;
      decided = (await decide(trx, t, bracket, row, game, matches.get(game.id), seedsOf, users, told)) || decided;
    }
    if (decided) rows = await bracket.rows();
  }
  rows = await forfeitClosed(trx, t, bracket, rows, games, told, users);
  await openGames(trx, t, rows, told, users);
  const winner = await bracketWinner(trx, t.id, t.format, rows);
  if (winner !== undefined) await finish(trx, t, winner, told, users);
}

/** The match's game, if it has ended: its outcome goes into the bracket (or it is replayed). True when the bracket moved. */
async function decide(
  trx: Db,
  t: Tournament,
  bracket: StepBracket,
  row: BracketRow,
  game: Game,
  match: Match | undefined,
  seedsOf: () => Promise<Map<string, number>>,
  users: StepUsers,
  told: Told,
): Promise<boolean> {
  if (game.status === 'host_lost') {
    await replay(trx, t, row, told, users);
    return false;
  }
  const [one, two] = row.opponents.map((o) => o!.userId!) as [string, string];
  const known = await users.load([one, two]);
  const name = (id: string) => known.get(id)?.username ?? '?';
  let outcome: Outcome;
  let line: string;
  if (game.status === 'finished') {
    if (!match) return false;
    const winner = match.winnerId === one ? 1 : 2;
    const score: [number, number] = winner === 1 ? [match.winnerScore, match.loserScore] : [match.loserScore, match.winnerScore];
    outcome = { winner, score, forfeit: match.reason === 'forfeit' };
    // Winner first, as every result is written (the game's card, its page, the notifications).
    line = `${name(match.winnerId)} ${match.winnerScore} – ${match.loserScore} ${name(match.loserId)}${match.reason === 'forfeit' ? ` (${name(match.loserId)} forfeits)` : ''}.`;
  } else if (game.status === 'abandoned' || (await nobodyCame(trx, game))) {
    outcome = noShow(t, one, two, await seedsOf());
    line = 'doubleForfeit' in outcome ? `${name(one)} and ${name(two)} did not come: both lose.` : `${name(one)} and ${name(two)} did not come: ${name(outcome.winner === 1 ? one : two)}, the better seed, goes through.`;
  } else return false;
  await bracket.record(row.id, outcome);
  post(t, told, line);
  return true;
}

/**
 * A player whose account is closed will never come: each match of theirs that is to be played and
 * not under way is decided at once, their opponent through, rather than waited for until the
 * no-show deadline; a match that this makes playable is looked at in turn. A game already on is
 * left to its room, which forfeits the player whose sockets closed (game-room.ts).
 */
async function forfeitClosed(trx: Db, t: Tournament, bracket: StepBracket, rows: BracketRow[], games: Map<string, Game>, told: Told, users: StepUsers): Promise<BracketRow[]> {
  const closed = new Set(
    (await trx('tournament_players as p').join('users as u', 'u.id', 'p.user_id').where('p.tournament_id', t.id).whereNotNull('u.deleted_at').pluck('p.user_id')) as string[],
  );
  if (closed.size === 0) return rows;
  const decided = new Set<number>();
  for (;;) {
    const row = rows.find((r) => !decided.has(r.id) && isPlayable(r) && r.opponents.some((o) => closed.has(o!.userId!)) && (!r.gameId || games.get(r.gameId)?.status === 'ready'));
    if (!row) return rows;
    decided.add(row.id);
    // The game nobody will play ends here, unless its room started it meanwhile.
    if (row.gameId && (await Game.query(trx).patch({ status: 'abandoned', endedAt: new Date() }).where({ id: row.gameId, status: 'ready' })) === 0) continue;
    const [one, two] = row.opponents.map((o) => o!.userId!) as [string, string];
    const known = await users.load([one, two]);
    const outcome: Outcome = closed.has(one) && closed.has(two) ? noShow(t, one, two, new Map((await TournamentPlayer.query(trx).where('tournament_id', t.id)).map((p) => [p.userId, p.seed ?? 0]))) : { winner: closed.has(one) ? 2 : 1, score: [0, 0], forfeit: true };
    await bracket.record(row.id, outcome);
    const gone = [one, two].filter((id) => closed.has(id)).map((id) => known.get(id)?.username ?? '?');
    post(t, told, `${gone.join(' and ')} left Volley: ${gone.length > 1 ? 'both forfeit' : 'forfeits'}.`);
    rows = await bracket.rows();
  }
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
async function replay(trx: Db, t: Tournament, row: BracketRow, told: Told, users: StepUsers): Promise<void> {
  await trx('tournament_matches').where({ id: row.id, tournament_id: t.id }).update({ game_id: null });
  await openMatchGames(trx, t, [row], told, users);
  post(t, told, 'A game was lost with the server hosting it: it is played again.');
}

/** Every playable match without a game gets one; each round's new pairings are posted as one line. */
async function openGames(trx: Db, t: Tournament, rows: BracketRow[], told: Told, users: StepUsers): Promise<void> {
  const pairings = await openMatchGames(
    trx,
    t,
    rows.filter((r) => isPlayable(r) && !r.gameId),
    told,
    users,
  );
  const byRound = new Map<number, string[]>();
  for (const [row, pairing] of pairings) byRound.set(row.roundNumber, [...(byRound.get(row.roundNumber) ?? []), pairing]);
  for (const [round, lines] of byRound) post(t, told, `Round ${round}: ${lines.join(', ')}.`);
}

/**
 * Opens a game for each of these matches, whatever their number, in three statements: the
 * players read (those the step has not read yet), the games inserted, the matches pointed at them.
 */
async function openMatchGames(trx: Db, t: Tournament, rows: BracketRow[], told: Told, users: StepUsers): Promise<[BracketRow, string][]> {
  if (rows.length === 0) return [];
  const sides = rows.map((row) => row.opponents.map((o) => o!.userId!) as [string, string]);
  const known = await users.load(sides.flat());
  const showBy = new Date(Date.now() + t.noShowMs);
  const settings = t.settings;
  const games = await createReadyGames(
    trx,
    sides.map(([one, two]) => ({
      leftId: one,
      rightId: two,
      settings,
      ranked: isRankedSettings(settings),
      // No conversation: its result is posted by the tournament (`post`), not as a game card.
      conversationId: null,
      tournamentId: t.id,
      showBy,
    })),
  );
  // Conditional on no game yet: a second process under the same lock would find it set.
  await trx.raw(
    'update tournament_matches as m set game_id = v.game_id from json_to_recordset(?::json) as v(id int, game_id text) where m.id = v.id and m.tournament_id = ? and m.game_id is null',
    [JSON.stringify(rows.map((row, i) => ({ id: row.id, game_id: games[i]!.id }))), t.id],
  );
  const ref = { id: t.id, name: t.name };
  return rows.map((row, i) => {
    const [one, two] = sides[i]!;
    for (const [me, them] of [
      [one, two],
      [two, one],
    ] as const) {
      told.notifications.push([me, { kind: 'tournament_match', tournament: ref, gameId: games[i]!.id, opponent: known.get(them)!.toPublic(), showBy: showBy.toISOString() }]);
    }
    return [row, `${known.get(one)!.username} vs ${known.get(two)!.username}`];
  });
}

async function finish(trx: Db, t: Tournament, winnerId: string | null, told: Told, users: StepUsers): Promise<void> {
  await Tournament.query(trx).findById(t.id).patch({ status: 'finished', winnerId, endedAt: new Date() });
  const winner: PublicUser | null = winnerId ? ((await users.load([winnerId])).get(winnerId)?.toPublic() ?? null) : null;
  post(t, told, winner ? `🏆 ${winner.username} wins ${t.name}!` : `${t.name} is over, without a winner.`);
  const players = await TournamentPlayer.query(trx).where('tournament_id', t.id);
  for (const p of players) told.notifications.push([p.userId, { kind: 'tournament_finished', tournament: { id: t.id, name: t.name }, winner }]);
}
