/** Tournaments as the api shows them: their records, players and bracket (shared/src/api/tournaments.ts). */
import { Game, type Tournament, TournamentPlayer, User, type Db } from '@volley/core';
import { BracketMatchStatus, type BracketSlot, type BracketView, type PublicUser, type TournamentDetail, type TournamentView } from '@volley/shared';
import { bracketRows, type Slot } from './bracket.js';

const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);

async function publicUsers(db: Db, ids: (string | null)[]): Promise<Map<string, PublicUser>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const users = wanted.length === 0 ? [] : await User.query(db).findByIds(wanted);
  return new Map(users.map((u) => [u.id, u.toPublic()]));
}

/** The records of these tournaments for the viewer, in their order, in three queries whatever their number. */
export async function tournamentViews(db: Db, tournaments: Tournament[], viewerId: string): Promise<TournamentView[]> {
  const ids = tournaments.map((t) => t.id);
  const counts: { tournament_id: string; count: string | number }[] = ids.length === 0 ? [] : await db('tournament_players').whereIn('tournament_id', ids).groupBy('tournament_id').select('tournament_id').count('* as count');
  const mine: { tournament_id: string }[] = ids.length === 0 ? [] : await db('tournament_players').whereIn('tournament_id', ids).where('user_id', viewerId).select('tournament_id');
  const users = await publicUsers(db, tournaments.flatMap((t) => [t.ownerId, t.winnerId]));
  const countOf = new Map(counts.map((c) => [c.tournament_id, Number(c.count)]));
  const registered = new Set(mine.map((m) => m.tournament_id));
  return tournaments.map((t) => ({
    id: t.id,
    name: t.name,
    owner: users.get(t.ownerId)!,
    format: t.format,
    size: t.size,
    settings: t.settings,
    inviteOnly: t.inviteOnly,
    registrationEndsAt: iso(t.registrationEndsAt),
    noShowSeconds: Math.round(t.noShowMs / 1000),
    status: t.status,
    conversationId: t.conversationId,
    playerCount: countOf.get(t.id) ?? 0,
    winner: t.winnerId ? (users.get(t.winnerId) ?? null) : null,
    createdAt: new Date(t.createdAt).toISOString(),
    startedAt: iso(t.startedAt),
    endedAt: iso(t.endedAt),
    registered: registered.has(t.id),
  }));
}

/** The record with its players, by seed once seeded, else in order of registration. */
export async function tournamentDetail(db: Db, t: Tournament, viewerId: string): Promise<TournamentDetail> {
  const [view] = await tournamentViews(db, [t], viewerId);
  const players = await TournamentPlayer.query(db).where('tournament_id', t.id).orderByRaw('seed nulls last, registered_at');
  const users = await publicUsers(
    db,
    players.map((p) => p.userId),
  );
  return { ...view!, players: players.map((p) => ({ ...users.get(p.userId)!, rating: p.rating, seed: p.seed })) };
}

/** The bracket in rounds, with each match's players, results and game. */
export async function bracketView(db: Db, t: Tournament): Promise<BracketView> {
  const rows = await bracketRows(db, t.id);
  const gameIds = rows.flatMap((r) => (r.gameId ? [r.gameId] : []));
  const [users, games] = await Promise.all([
    publicUsers(db, [...rows.flatMap((r) => r.opponents.map((o) => o?.userId ?? null)), t.winnerId]),
    gameIds.length === 0 ? [] : Game.query(db).findByIds(gameIds).select('id', 'status', 'show_by'),
  ]);
  const showBy = new Map(games.map((g) => [g.id, g.status === 'ready' ? iso(g.showBy) : null]));
  const slot = (o: Slot | null): BracketSlot => (o === null ? null : { user: o.userId ? (users.get(o.userId) ?? null) : null, score: o.score, result: o.result, forfeit: o.forfeit });
  const rounds: BracketView['rounds'] = [];
  for (const row of rows) {
    let round = rounds.find((r) => r.number === row.roundNumber);
    if (!round) rounds.push((round = { number: row.roundNumber, matches: [] }));
    round.matches.push({
      id: row.id,
      number: row.number,
      status: BracketMatchStatus.options[row.status]!,
      opponents: [slot(row.opponents[0]), slot(row.opponents[1])],
      gameId: row.gameId,
      showBy: row.gameId ? (showBy.get(row.gameId) ?? null) : null,
    });
  }
  return { format: t.format, rounds, winner: t.winnerId ? (users.get(t.winnerId) ?? null) : null };
}
