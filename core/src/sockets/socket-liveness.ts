import type { WebSocket } from 'ws';

/**
 * Whether an authenticated socket may stay: one that has not answered the previous ping by the
 * next is dropped, and one whose token has expired is closed (4401 by its owner), since the token
 * was only checked at the upgrade: the client comes back with a fresh one.
 */
export class SocketLiveness {
  private alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly expiresAt: number,
    private readonly onExpired: () => void,
  ) {
    socket.on('pong', () => (this.alive = true));
  }

  checkExpiry(now: number): void {
    if (now >= this.expiresAt) this.onExpired();
  }

  checkAlive(): void {
    if (!this.alive) return void this.socket.terminate();
    this.alive = false;
    this.socket.ping();
  }
}
