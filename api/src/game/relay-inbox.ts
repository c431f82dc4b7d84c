/**
 * The host's end of relaying (docs/architecture.md §6): the sockets other api processes hold for a
 * game hosted here arrive on `game.<id>.in` and sit in the room like local ones, each a
 * RelayedSocket whose frames go back on `game.<id>.out`. The subscription is made before the host
 * claims the game, so no relayed arrival is missed.
 */
import type { Bus, Logger } from '@volley/core';
import type { CloseCodeValue, GameServerFrame } from '@volley/shared';
import type { GamePlayFrame, SeatSocket } from './game-socket.js';
import { decodeUp, encodeCloseDown, encodeFrameDown, inChannel, outChannel, RELAY_BEAT_MS, RELAY_SILENCE_MS } from './relay-wire.js';

class RelayedSocket implements SeatSocket {
  onFrame: (frame: GamePlayFrame) => void = () => {};
  onClose: () => void = () => {};
  heardAt = Date.now();

  constructor(
    private readonly inbox: RelayInbox,
    readonly id: string,
    readonly side: 0 | 1 | undefined,
  ) {}

  send(frame: GameServerFrame): void {
    this.sendEncoded(Buffer.from(JSON.stringify(frame)));
  }

  sendEncoded(frame: Buffer): void {
    this.inbox.sendFrame(this.id, frame);
  }

  close(code: CloseCodeValue | 1000 | 1011, reason = ''): void {
    this.inbox.sendClose(this.id, code, reason);
    this.inbox.forget(this);
  }
}

/** A frame for some relayed sockets, or an encoded close. */
type Outgoing = { frame: Buffer; to: string[] } | Buffer;

export class RelayInbox {
  private readonly sockets = new Map<string, RelayedSocket>();
  /** What goes down at the end of this turn of the event loop. */
  private readonly outgoing: Outgoing[] = [];
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly bus: Bus,
    private readonly gameId: string,
    private readonly log: Logger,
  ) {
    // A relaying process that died beats no more: its sockets leave the room (a player's side pauses)
    // at most RELAY_SILENCE_MS + half a beat after its last beat.
    this.sweeper = setInterval(() => {
      const silentSince = Date.now() - RELAY_SILENCE_MS;
      for (const socket of this.sockets.values()) if (socket.heardAt < silentSince) this.gone(socket);
    }, RELAY_BEAT_MS / 2);
    this.sweeper.unref();
  }

  /** Subscribed; `attach` is handed each relayed socket as it arrives. */
  static async open(bus: Bus, gameId: string, log: Logger, attach: (socket: SeatSocket) => void): Promise<RelayInbox> {
    const inbox = new RelayInbox(bus, gameId, log);
    inbox.unsubscribe = await bus.subscribe(inChannel(gameId), (payload) => inbox.received(payload, attach));
    return inbox;
  }

  sendFrame(id: string, frame: Buffer): void {
    const last = this.outgoing.at(-1);
    // The room broadcasts one encoded snapshot to every socket: to a relay's sockets it goes once.
    if (last && !Buffer.isBuffer(last) && last.frame === frame) return void last.to.push(id);
    this.queue({ frame, to: [id] });
  }

  sendClose(id: string, code: number, reason: string): void {
    this.queue(encodeCloseDown(id, code, reason));
  }

  forget(socket: RelayedSocket): void {
    this.sockets.delete(socket.id);
  }

  /** Stops listening; the relayed sockets are closed with `code` (a host stopping: 4502, so they come back elsewhere). */
  async close(code?: CloseCodeValue): Promise<void> {
    clearInterval(this.sweeper);
    if (code !== undefined) for (const socket of [...this.sockets.values()]) socket.close(code);
    this.sockets.clear();
    await this.unsubscribe?.();
  }

  private queue(item: Outgoing): void {
    if (this.outgoing.push(item) === 1) queueMicrotask(() => this.flush());
  }

  /** In the order sent: a close never overtakes the frames before it. */
  private flush(): void {
    for (const item of this.outgoing.splice(0)) {
      const payload = Buffer.isBuffer(item) ? item : encodeFrameDown(item.to, item.frame);
      this.bus.publish(outChannel(this.gameId), payload).catch((err: unknown) => this.log.warn({ gameId: this.gameId, err }, 'relaying a game frame failed'));
    }
  }

  private received(payload: Buffer, attach: (socket: SeatSocket) => void): void {
    const message = decodeUp(payload);
    if (!message) return this.log.warn({ gameId: this.gameId }, 'a relay message that does not parse: dropped');
    if (message.k === 'beat') {
      const now = Date.now();
      for (const id of message.s) {
        const socket = this.sockets.get(id);
        if (socket) socket.heardAt = now;
      }
      return;
    }
    if (message.k === 'open') {
      const socket = new RelayedSocket(this, message.s, message.side ?? undefined);
      this.sockets.set(socket.id, socket);
      return attach(socket);
    }
    const socket = this.sockets.get(message.s);
    if (!socket) return;
    socket.heardAt = Date.now();
    if (message.k === 'close') return this.gone(socket);
    // Token renewals are answered by the relaying process, which holds the socket.
    if (message.f.t !== 'token') socket.onFrame(message.f);
  }

  private gone(socket: RelayedSocket): void {
    this.forget(socket);
    socket.onClose();
  }
}
