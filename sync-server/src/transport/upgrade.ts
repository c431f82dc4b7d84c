/**
 * The decision taken on an upgrade request, before the room is touched: who is asking (the
 * bearer subprotocol) and whether they may open the room named by the path.
 */
import type { IncomingMessage } from 'node:http';
import { authenticateSocket, type AccessClaims, type Admission, type Credentials, type Db, type KeyedBuckets } from '@volley/core';
import { CloseCode, parseRoom } from '@volley/shared';
import { roomAccess } from '../rooms/membership.js';

export type Admitted = { room: string; user: AccessClaims; readOnly: boolean };

const PREFIX = '/sync/';

export async function admit(req: IncomingMessage, address: string | null, deps: { db: Db; credentials: Credentials; opens: KeyedBuckets }): Promise<Admission<Admitted>> {
  const auth = await authenticateSocket(req, address, deps.credentials);
  if (!auth.ok) return auth;
  const { user } = auth;
  if (!deps.opens.take(user.userId)) return { ok: false, code: CloseCode.rateLimited, ids: { userId: user.userId } };
  const path = (req.url ?? '').split('?')[0]!;
  const name = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : '';
  const room = parseRoom(name);
  if (!room) return { ok: false, code: CloseCode.notFound, ids: { userId: user.userId } };
  const access = await roomAccess(deps.db, room, user);
  if (!access.ok) return { ok: false, code: access.code, ids: { room: name, userId: user.userId } };
  return { ok: true, room: name, user, readOnly: access.readOnly };
}
