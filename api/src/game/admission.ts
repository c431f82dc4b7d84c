/**
 * Who may open `/game/queue` (anyone signed in), `/game/<gameId>`: the game's two players, and
 * as spectators everyone signed in whom neither player blocked (nor blocks), and
 * `/game/tournaments/<id>`: whoever may see the tournament.
 */
import type { IncomingMessage } from 'node:http';
import { authenticateSocket, Game, gamePolicy, Tournament, type AccessClaims, type Admission, type Credentials, type Db } from '@volley/core';
import { CloseCode, type GameStatus, type Side } from '@volley/shared';
import { blockedWithPlayers, gameSubject } from '../services/game-access.js';
import { maySee } from '../tournaments/registration.js';

export type GameAdmitted = { user: AccessClaims } & ({ kind: 'queue' } | { kind: 'game'; game: Game; side: Side | undefined } | { kind: 'tournament'; tournament: Tournament });

/** A game is hosted from `ready` on; a `finished` one is answered with its result, a `host_lost` one with that. */
const OPEN: ReadonlySet<GameStatus> = new Set(['ready', 'live', 'finished', 'host_lost']);
const GAME_PATH = /^\/game\/([0-9A-Za-z]{1,40})$/;
const TOURNAMENT_PATH = /^\/game\/tournaments\/([0-9A-Za-z]{1,40})$/;

export async function admitToGame(req: IncomingMessage, address: string | null, deps: { db: Db; credentials: Credentials }): Promise<Admission<GameAdmitted>> {
  const auth = await authenticateSocket(req, address, deps.credentials);
  if (!auth.ok) return auth;
  const { user } = auth;
  const path = (req.url ?? '').split('?')[0]!;
  if (path === '/game/queue') return gamePolicy.refusal(user, 'queue') ? { ok: false, code: CloseCode.forbidden, ids: { userId: user.userId } } : { ok: true, kind: 'queue', user };
  const tournamentId = TOURNAMENT_PATH.exec(path)?.[1];
  if (tournamentId) {
    const tournament = await Tournament.query(deps.db).findById(tournamentId);
    // One that may not be seen is not there, as on `GET /tournaments/:id`.
    if (!tournament || !(await maySee(deps.db, tournament, user.userId))) return { ok: false, code: CloseCode.notFound, ids: { userId: user.userId, tournamentId } };
    return { ok: true, kind: 'tournament', user, tournament };
  }
  const gameId = GAME_PATH.exec(path)?.[1];
  const game = gameId ? await Game.query(deps.db).findById(gameId) : undefined;
  const ids = { userId: user.userId, gameId };
  if (!game || !OPEN.has(game.status)) return { ok: false, code: CloseCode.notFound, ids };
  const side = gamePolicy.sideOf(game, user.userId);
  // A player plays; anyone else watches, a spectator hidden by a block is refused like a token that may not.
  const refused = side !== undefined ? gamePolicy.refusal(user, 'play', gameSubject(game)) : gamePolicy.refusal({ ...user, blocked: await blockedWithPlayers(deps.db, user.userId, game) }, 'watch', gameSubject(game));
  if (refused) return { ok: false, code: CloseCode.forbidden, ids };
  return { ok: true, kind: 'game', user, game, side };
}
