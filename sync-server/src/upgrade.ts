/**
 * The decision taken on an upgrade request, before the room is touched: who is asking (the
 * bearer subprotocol) and whether they may open the room named by the path.
 */
import type { IncomingMessage } from 'node:http';
import { TokenError, type AccessClaims, type AccessTokens, type Db } from '@volley/core';
import { CloseCode, parseRoom, tokenFromProtocols, type CloseCodeValue } from '@volley/shared';
import { roomAccess } from './membership.js';

export type Admission =
  | { ok: true; room: string; user: AccessClaims; readOnly: boolean }
  | { ok: false; code: CloseCodeValue; room?: string; userId?: string };

const PREFIX = '/sync/';

export async function admit(req: IncomingMessage, deps: { db: Db; tokens: AccessTokens }): Promise<Admission> {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',');
  const token = tokenFromProtocols(offered);
  if (!token) return { ok: false, code: CloseCode.unauthenticated };
  let user: AccessClaims;
  try {
    user = deps.tokens.verify(token);
  } catch (err) {
    if (err instanceof TokenError) return { ok: false, code: CloseCode.unauthenticated };
    throw err;
  }
  const path = (req.url ?? '').split('?')[0]!;
  const name = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : '';
  const room = parseRoom(name);
  if (!room) return { ok: false, code: CloseCode.notFound, userId: user.userId };
  const access = await roomAccess(deps.db, room, user);
  if (!access.ok) return { ...access, room: name, userId: user.userId };
  return { ok: true, room: name, user, readOnly: access.readOnly };
}
