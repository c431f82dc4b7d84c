/**
 * The relaying end (docs/architecture.md §6): this process holds sockets of a game another api
 * process hosts. Each was admitted here as usual (token, role, input budget, token renewal); its
 * frames go up on `game.<id>.in`, the host's come down on `game.<id>.out`. The host's lease is
 * watched: once it is gone while the game is on, the game is ended as `host_lost` and the players
 * told at once.
 */
import type { Bus, Logger } from '@volley/core';
import { GAME_HOST_LOST } from '@volley/shared';
import type { GameSocket } from './game-socket.js';
import type { HostLeases } from './host-lease.js';
import { decodeDown, encodeUp, inChannel, newRelayId, outChannel, RELAY_BEAT_MS, type RelayUp } from './relay-wire.js';

export interface GameRelayDeps {
  bus: Bus;
  leases: HostLeases;
  log: Logger;
  /** Records the game as lost with its host, if it is still on; true when it is (now) `host_lost`. */
  hostLost(): Promise<boolean>;
  /** The relay holds no socket any more, or ended: the process forgets it. */
  onDone(): void;
}

/** How often the host's lease is looked at: a dead host is noticed within LEASE_MS + this. */
const WATCH_MS = 250;
/** Looks after which a lease gone with the game ended otherwise means the host's closes were lost. */
const ENDED_LOOKS = 8;

export class GameRelay {
  private readonly sockets = new Map<string, GameSocket>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly watcher: NodeJS.Timeout;
  private watches = 0;
  private endedLooks = 0;
  private checking = false;
  private done = false;

  private constructor(
    private readonly gameId: string,
    private readonly host: string,
    private readonly deps: GameRelayDeps,
  ) {
    this.watcher = setInterval(() => {
      if (++this.watches % (RELAY_BEAT_MS / WATCH_MS) === 0) this.up({ k: 'beat', s: [...this.sockets.keys()] });
      void this.watchHost();
    }, WATCH_MS);
    this.watcher.unref();
  }

  /** Subscribed to the host's frames before any socket is announced to it. */
  static async open(gameId: string, host: string, deps: GameRelayDeps): Promise<GameRelay> {
    const relay = new GameRelay(gameId, host, deps);
    relay.unsubscribe = await deps.bus.subscribe(outChannel(gameId), (payload) => relay.received(payload));
    return relay;
  }

  /** False once the relay is done with: a socket arriving then is placed anew. */
  get open(): boolean {
    return !this.done;
  }

  attach(socket: GameSocket): void {
    const id = newRelayId();
    this.sockets.set(id, socket);
    socket.onFrame = (f) => this.up({ k: 'frame', s: id, f });
    socket.onClose = () => {
      if (!this.sockets.delete(id)) return;
      this.up({ k: 'close', s: id });
      if (this.sockets.size === 0) this.end();
    };
    this.up({ k: 'open', s: id, side: socket.side ?? null });
  }

  /** The process is stopping: its sockets are the gateway's to close. */
  close(): void {
    this.end();
  }

  private up(message: RelayUp): void {
    this.deps.bus.publish(inChannel(this.gameId), encodeUp(message)).catch((err: unknown) => this.deps.log.warn({ gameId: this.gameId, err }, 'relaying to the game host failed'));
  }

  private received(payload: Buffer): void {
    const message = decodeDown(payload);
    if (message?.kind === 'frame') {
      for (const id of message.to) this.sockets.get(id)?.sendEncoded(message.frame);
      return;
    }
    const socket = message && this.sockets.get(message.to);
    if (!message || !socket) return;
    this.sockets.delete(message.to);
    socket.onClose = () => {};
    socket.close(message.code as 1000, message.reason);
    if (this.sockets.size === 0) this.end();
  }

  private async watchHost(): Promise<void> {
    if (this.checking || this.done) return;
    this.checking = true;
    try {
      if ((await this.deps.leases.holder(this.gameId)) === this.host) return;
      // The lease is gone: the host died, or it ended the game and its closes are on their way.
      const lost = await this.deps.hostLost();
      if (!lost && ++this.endedLooks < ENDED_LOOKS) return;
      if (lost) this.deps.log.info({ gameId: this.gameId, host: this.host, sockets: this.sockets.size }, 'game host lost');
      for (const socket of this.sockets.values()) {
        socket.onClose = () => {};
        socket.close(1000, lost ? GAME_HOST_LOST : undefined);
      }
      this.sockets.clear();
      this.end();
    } catch (err) {
      this.deps.log.warn({ gameId: this.gameId, err }, 'watching the game host failed');
    } finally {
      this.checking = false;
    }
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    clearInterval(this.watcher);
    this.deps.onDone();
    void this.unsubscribe?.().catch(() => undefined);
  }
}
