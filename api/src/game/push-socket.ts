/**
 * A socket the server only pushes on: `/game/queue` (the queue's frames to the player) and
 * `/game/tournaments/<id>` (a tournament's versions to a watcher). It takes only token renewals
 * (any other frame closes it with 4400); like a game socket, it is closed with 4501 once its token
 * expires unless renewed.
 */
import { SocketLiveness, type AccessClaims, type AccessTokens, type Logger } from '@volley/core';
import { CloseCode, CloseReason, QueueClientFrame, type CloseCodeValue, type RenewedFrame } from '@volley/shared';
import { WebSocket, type RawData } from 'ws';
import { parseJsonFrame } from './json-frame.js';
import { GameTokenRenewal } from './token-renewal.js';

export class PushSocket<Frame extends { t: string }> {
  readonly liveness: SocketLiveness;
  private readonly renewal: GameTokenRenewal;

  constructor(
    private readonly socket: WebSocket,
    readonly user: AccessClaims,
    tokens: AccessTokens,
    private readonly log: Logger,
  ) {
    this.liveness = new SocketLiveness(socket, user.expiresAt, (code) => this.close(code));
    this.renewal = new GameTokenRenewal(this.liveness, tokens, user);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  send(frame: Frame | RenewedFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  /** A frame serialized once for many sockets (a tournament's, tournaments/watchers.ts). */
  sendText(frame: string): void {
    if (this.socket.readyState === WebSocket.OPEN && this.liveness.checkBuffered()) this.socket.send(frame);
  }

  get userId(): string {
    return this.user.userId;
  }

  end(): void {
    this.socket.close(1000);
  }

  close(code: CloseCodeValue): void {
    this.log.info({ userId: this.user.userId, code }, 'closing a push socket');
    this.socket.close(code, CloseReason[code]);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const frame = parseJsonFrame(QueueClientFrame, data, isBinary);
    if (!frame) return this.close(CloseCode.badRequest);
    const answer = this.renewal.renew(frame.token);
    if (typeof answer === 'number') return this.close(answer);
    this.send(answer);
  }
}
