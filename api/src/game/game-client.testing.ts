/**
 * Test support for the game socket: scripted clients over a real `ws` socket, as the PWA and the
 * benchmark talk to `/game/<id>`, and players written straight into the database.
 */
import { createReadyGame, User, type Game } from '@volley/core';
import { GameSettings, newId, socketProtocols, type Direction, type GameServerFrame, type QueueServerFrame, type Snapshot, type TournamentServerFrame } from '@volley/shared';
import { paddleMove } from '@volley/shared/testing';
import WebSocket from 'ws';
import type { TestApi } from '../api.testing.js';

export interface Player {
  id: string;
  username: string;
  token: string;
}

export async function createPlayer(t: TestApi): Promise<Player> {
  const id = newId();
  const username = `p_${id.slice(-10).toLowerCase()}`;
  await User.query(t.deps.db).insert({ id, username, email: `${username}@example.test`, displayName: username, passwordHash: 'not-used' });
  return { id, username, token: t.deps.tokens.sign({ userId: id, username }) };
}

export async function readyGame(t: TestApi, left: Player, right: Player, settings: Partial<GameSettings> = {}): Promise<Game> {
  return createReadyGame(t.deps.db, { leftId: left.id, rightId: right.id, settings: GameSettings.parse(settings) });
}

/** What the server sends on `/game/<id>`, `/game/queue` and `/game/tournaments/<id>`. */
type ServerFrame = GameServerFrame | QueueServerFrame | TournamentServerFrame;
type Frame<T extends ServerFrame['t']> = Extract<ServerFrame, { t: T }>;

export class GameClient {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];
  private seq = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens `/game/<path>` with the subprotocols the PWA offers (no token: none). */
  static open(t: Pick<TestApi, 'url'>, path: string, token?: string): GameClient {
    const client = new GameClient(new WebSocket(`${t.url.replace('http', 'ws')}/game/${path}`, socketProtocols(token)));
    clients.push(client);
    return client;
  }

  /** The first frame of type `type` (matching `where`) received so far or from now on. */
  async next<T extends ServerFrame['t']>(type: T, where: (frame: Frame<T>) => boolean = () => true, timeoutMs = 15_000): Promise<Frame<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((f): f is Frame<T> => f.t === type && where(f as Frame<T>));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} frame within ${timeoutMs} ms (got ${this.frames.map((f) => f.t).join(',')})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** The latest snapshot received. */
  snap(): Snapshot | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.t === 'snap') return frame.s;
    }
    return undefined;
  }

  /** The snapshots received so far. */
  snaps(): Snapshot[] {
    return this.frames.flatMap((f) => (f.t === 'snap' ? [f.s] : []));
  }

  /** Sends an input with the next seq; returns that seq. */
  input(dir: Direction): number {
    this.seq += 1;
    this.send({ t: 'input', seq: this.seq, dir });
    return this.seq;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Moves this player's paddle after the ball on every snapshot, as a perfect (if plain) player would. */
  trackBall(side: 0 | 1): void {
    let last: Direction = 0;
    this.ws.on('message', () => {
      const s = this.snap();
      if (!s) return;
      const dir = paddleMove(s, side);
      if (dir !== last) this.input((last = dir));
    });
  }

  close(): void {
    this.ws.close();
  }
}

const clients: GameClient[] = [];

/** Terminates every client the test opened (for `afterEach`). */
export function closeClients(): void {
  for (const client of clients.splice(0)) client.ws.terminate();
}
