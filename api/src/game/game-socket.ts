/**
 * One socket on `/game/<id>`: reads and checks the client's frames (JSON, GameClientFrame, at most
 * GAME_INPUT_BUDGET), sends the server's. Anything else closes this socket only, with a code.
 */
import { SocketLiveness, type AccessClaims, type AccessTokens, type Logger } from '@volley/core';
import { CloseCode, CloseReason, GAME_INPUT_BUDGET, GameClientFrame, TokenBucket, type CloseCodeValue, type GameServerFrame, type Side, type TokenFrame } from '@volley/shared';
import { WebSocket, type RawData } from 'ws';
import { parseJsonFrame } from './json-frame.js';
import { GameTokenRenewal } from './token-renewal.js';

/** What a game room is handed: every client frame but a token renewal, which the socket answers itself. */
export type GamePlayFrame = Exclude<GameClientFrame, TokenFrame>;

/** What a game room holds of a socket: this process's own (GameSocket), or one relayed from another api process (RelayedSocket). */
export interface SeatSocket {
  /** Set for a player, absent for a spectator. */
  readonly side: Side | undefined;
  onFrame: (frame: GamePlayFrame) => void;
  onClose: () => void;
  send(frame: GameServerFrame): void;
  /** A frame encoded once for all the game's sockets. */
  sendEncoded(frame: Buffer): void;
  close(code: CloseCodeValue | 1000 | 1011, reason?: string): void;
}

export class GameSocket implements SeatSocket {
  private readonly rate = new TokenBucket(GAME_INPUT_BUDGET);
  readonly liveness: SocketLiveness;
  private readonly renewal: GameTokenRenewal;
  onFrame: (frame: GamePlayFrame) => void = () => {};
  onClose: () => void = () => {};

  constructor(
    private readonly socket: WebSocket,
    readonly user: AccessClaims,
    /** Set for a player, absent for a spectator. */
    readonly side: Side | undefined,
    tokens: AccessTokens,
    private readonly log: Logger,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.onClose());
    this.liveness = new SocketLiveness(socket, user.expiresAt, (code) => this.close(code));
    this.renewal = new GameTokenRenewal(this.liveness, tokens, user);
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: GameServerFrame): void {
    this.sendEncoded(Buffer.from(JSON.stringify(frame)));
  }

  /**
   * A frame encoded once for every socket of the game (a snapshot: 60 a second to each), sent as
   * text. No callback per send: a failed write surfaces as the socket's error and close. A reader
   * too slow for them is closed (overloaded) rather than buffered for.
   */
  sendEncoded(frame: Buffer): void {
    if (this.open && this.liveness.checkBuffered()) this.socket.send(frame, { binary: false });
  }

  close(code: CloseCodeValue | 1000 | 1011, reason?: string): void {
    this.socket.close(code, reason ?? (code >= 4000 ? CloseReason[code as CloseCodeValue] : ''));
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (!this.open) return;
    const frame = parseJsonFrame(GameClientFrame, data, isBinary);
    if (!frame) return this.refuse(CloseCode.badRequest, 'bad frame');
    if (frame.t === 'token') {
      const answer = this.renewal.renew(frame.token);
      return typeof answer === 'number' ? this.refuse(answer, 'token renewal refused') : this.send(answer);
    }
    if (!this.rate.take()) return this.refuse(CloseCode.rateLimited, 'input flood');
    this.onFrame(frame);
  }

  private refuse(code: CloseCodeValue, why: string): void {
    this.log.info({ userId: this.user.userId, code }, `${why}; closing the socket`);
    this.close(code);
  }
}
