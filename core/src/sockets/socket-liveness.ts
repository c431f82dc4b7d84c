import { CloseCode } from '@volley/shared';
import type { WebSocket } from 'ws';
import type { AccessClaims, AccessTokens } from '../tokens.js';
import { verifyRenewal, type Renewal } from './token-renewal.js';

/**
 * Unsent bytes a socket may hold. A sync step 2 of a large room is a few hundred KB and a burst of
 * a busy room's updates to a reader on a slow link a few more; 2 MiB stays far above both, and
 * 1,000 sockets stuck at it are 2 GB, so the bound also has to stay this small.
 */
export const SEND_BUFFER_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Whether an authenticated socket may stay: one that has not answered the previous ping by the
 * next is dropped, and one whose token has expired is closed with token_expired (4501, retryable),
 * unless the client renewed it on the socket; a client that does not comes back with a fresh one.
 */
export class SocketLiveness {
  private alive = true;

  constructor(
    private readonly socket: WebSocket,
    private expiresAt: number,
    private readonly onClose: (code: typeof CloseCode.tokenExpired | typeof CloseCode.overloaded) => void,
  ) {
    socket.on('pong', () => (this.alive = true));
  }

  /** Moves the expiry to that of `token` when it is a valid token of `user`; the caller closes the socket otherwise. */
  renew(tokens: AccessTokens, token: string, user: AccessClaims): Renewal {
    const renewal = verifyRenewal(tokens, token, user);
    if (renewal.ok) this.expiresAt = renewal.expiresAt;
    return renewal;
  }

  checkExpiry(now: number): void {
    if (now >= this.expiresAt) this.onClose(CloseCode.tokenExpired);
  }

  /**
   * A socket whose unsent data passes the bound is closed with overloaded (4503, retryable) rather
   * than queued for ever: a client that reads slower than its room talks would otherwise hold an
   * ever-growing buffer in the server. Checked on each send, where the buffer grows.
   */
  checkBuffered(): boolean {
    if (this.socket.bufferedAmount <= SEND_BUFFER_MAX_BYTES) return true;
    this.onClose(CloseCode.overloaded);
    return false;
  }

  checkAlive(): void {
    if (!this.alive) return void this.socket.terminate();
    this.alive = false;
    this.socket.ping();
  }
}
