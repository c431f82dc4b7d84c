/**
 * Who may open `/game/queue` (anyone signed in) and `/game/<gameId>`: the game's two players, and
 * as spectators everyone signed in whom neither player blocked (nor blocks).
 */
import type { IncomingMessage } from 'node:http';
import { authenticateSocket, blockedEitherWay, Game, mayReach, mayWrite, type AccessClaims, type Admission, type Credentials, type Db } from '@volley/core';
import { CloseCode, type GameStatus, type Side } from '@volley/shared';

export type GameAdmitted = { user: AccessClaims } & ({ kind: 'queue' } | { kind: 'game'; game: Game; side: Side | undefined });

/** A game is hosted from `ready` on; a `finished` one is answered with its result, a `host_lost` one with that. */
const OPEN: ReadonlySet<GameStatus> = new Set(['ready', 'live', 'finished', 'host_lost']);
const GAME_PATH = /^\/game\/([0-9A-Za-z]{1,40})$/;

export async function admitToGame(req: IncomingMessage, deps: { db: Db; credentials: Credentials }): Promise<Admission<GameAdmitted>> {
  const auth = await authenticateSocket(req, deps.credentials);
  if (!auth.ok) return auth;
  const { user } = auth;
  const path = (req.url ?? '').split('?')[0]!;
  // Playing is writing: a read-only bot token may watch, not queue nor play (core/src/token-scope.ts).
  if (path === '/game/queue') return mayWrite(user) ? { ok: true, kind: 'queue', user } : { ok: false, code: CloseCode.forbidden, ids: { userId: user.userId } };
  const gameId = GAME_PATH.exec(path)?.[1];
  const game = gameId ? await Game.query(deps.db).findById(gameId) : undefined;
  const ids = { userId: user.userId, gameId };
  if (!game || !OPEN.has(game.status)) return { ok: false, code: CloseCode.notFound, ids };
  if (game.conversationId && !mayReach(user, game.conversationId)) return { ok: false, code: CloseCode.forbidden, ids };
  const side = game.leftId === user.userId ? 0 : game.rightId === user.userId ? 1 : undefined;
  if (side !== undefined && !mayWrite(user)) return { ok: false, code: CloseCode.forbidden, ids };
  if (side === undefined && ((await blockedEitherWay(deps.db, user.userId, game.leftId)) || (await blockedEitherWay(deps.db, user.userId, game.rightId)))) {
    return { ok: false, code: CloseCode.forbidden, ids };
  }
  return { ok: true, kind: 'game', user, game, side };
}
