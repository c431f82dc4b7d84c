/**
 * Who opens a socket (`/sync`, `/game`): the bearer subprotocol, verified during the upgrade
 * (docs/architecture.md §4). The token never travels in the URL.
 */
import type { IncomingMessage } from 'node:http';
import { CloseCode, tokenFromProtocols, type CloseCodeValue } from '@volley/shared';
import type { Credentials } from '../credentials.js';
import { TokenError, type AccessClaims } from '../tokens.js';

/** Why a socket is refused, with the ids worth logging. */
export interface Refusal {
  ok: false;
  code: CloseCodeValue;
  ids?: Record<string, string | undefined>;
}

export type Admission<T> = ({ ok: true } & T) | Refusal;

/**
 * The user of the token offered as `bearer.<token>` (an access token or a bot token); a refusal
 * otherwise: 4401 when there is no token or it is not ours (or revoked), 4501 (retryable) when it is
 * ours but expired, for the client to refresh. `address` (the socket's, `requestAddress`) is kept as
 * a bot token's last use.
 */
export async function authenticateSocket(req: IncomingMessage, address: string | null, credentials: Credentials): Promise<{ ok: true; user: AccessClaims } | Refusal> {
  const token = tokenFromProtocols((req.headers['sec-websocket-protocol'] ?? '').split(','));
  if (!token) return { ok: false, code: CloseCode.unauthenticated };
  try {
    return { ok: true, user: await credentials.verify(token, address ?? undefined) };
  } catch (err) {
    if (err instanceof TokenError) return { ok: false, code: err.reason === 'expired' ? CloseCode.tokenExpired : CloseCode.unauthenticated };
    throw err;
  }
}
