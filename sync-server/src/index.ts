/**
 * `@volley/sync-server`: the y-websocket protocol server on `/sync/<room>` (DESIGN.md §4):
 * authentication and room authorization at upgrade, the outbox processor, the update log in
 * PostgreSQL, and fan-out across instances over the bus.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { forCategory, type AccessTokens, type Bus, type Config, type Db, type Logger, RoomFanout, UpdateLog } from '@volley/core';
import { Connection } from './connection.js';
import { OutboxProcessor } from './outbox-processor.js';
import { Rooms } from './rooms.js';
import { createTransport, type Admitted } from './transport.js';
import { admit } from './upgrade.js';

export interface SyncServerDeps {
  config: Config;
  db: Db;
  bus: Bus;
  logger: Logger;
  tokens: AccessTokens;
}

export interface SyncServerOptions {
  /** A room nobody holds is evicted from memory after this long. */
  evictAfterMs?: number;
  /** A room's update log is compacted into one row once it holds more rows than this. */
  compactAfter?: number;
}

export interface SyncServer {
  /** For every HTTP upgrade whose path starts with `/sync/`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket, finishes the ops being decided and the pending appends. */
  close(): Promise<void>;
}

export function createSyncServer(deps: SyncServerDeps, options: SyncServerOptions = {}): SyncServer {
  const log = forCategory(deps.logger, 'sync');
  const rooms = new Rooms(
    {
      persistence: new UpdateLog(deps.db),
      fanout: new RoomFanout(deps.bus, forCategory(deps.logger, 'bus')),
      log,
      compactAfter: options.compactAfter ?? 200,
    },
    { evictAfterMs: options.evictAfterMs ?? 30_000, onLoad: (room) => outbox.watch(room) },
  );
  const outbox = new OutboxProcessor({ db: deps.db, rooms, log: forCategory(deps.logger, 'outbox') });

  /** Frames that arrive while the room loads wait for it. */
  function join(socket: WebSocket, { room: name, user, readOnly }: Admitted): void {
    const connectionLog = log.child({ room: name, userId: user.userId });
    const early: Parameters<Connection['receive']>[] = [];
    const hold = (...frame: Parameters<Connection['receive']>) => early.push(frame);
    socket.on('message', hold);
    rooms.acquire(name).then(
      (room) => {
        socket.off('message', hold);
        if (socket.readyState !== socket.OPEN) return rooms.release(name);
        const connection = new Connection(socket, room, user, readOnly, () => rooms.release(name), connectionLog);
        connectionLog.debug({ readOnly }, 'joined');
        for (const frame of early) connection.receive(...frame);
      },
      (err: unknown) => {
        connectionLog.error({ err }, 'loading the room failed');
        socket.close(1011, 'internal_error');
      },
    );
  }

  const transport = createTransport({ admit: (req) => admit(req, deps), join, log });

  return {
    handleUpgrade: transport.handleUpgrade,
    async close() {
      await transport.close();
      await outbox.close();
      await rooms.close();
    },
  };
}
