/** An admitted socket joins its room once the room has loaded; the frames that arrive meanwhile wait for it. */
import type { AccessTokens, Logger } from '@volley/core';
import type { WebSocket } from 'ws';
import type { Rooms } from '../rooms/rooms.js';
import { Connection, type OpSink, type StreamAdmission } from './connection.js';
import type { Admitted } from './upgrade.js';

export interface JoinDeps {
  rooms: Rooms;
  tokens: AccessTokens;
  log: Logger;
  /** Where conversation sockets' streamed chunks and op frames go. */
  streams: StreamAdmission;
  ops: OpSink;
}

export function joinRoom({ rooms, tokens, log, streams, ops }: JoinDeps) {
  return (socket: WebSocket, { room: name, user, readOnly }: Admitted, address: string | null): void => {
    const context = { room: name, userId: user.userId };
    const early: Parameters<Connection['receive']>[] = [];
    const hold = (...frame: Parameters<Connection['receive']>) => early.push(frame);
    socket.on('message', hold);
    rooms.acquire(name).then(
      (room) => {
        socket.off('message', hold);
        if (socket.readyState !== socket.OPEN) return rooms.release(name);
        const connection = new Connection(socket, room, user, address, readOnly, tokens, () => rooms.release(name), log, readOnly ? streams : undefined, readOnly ? ops : undefined);
        log.debug({ ...context, readOnly }, 'joined');
        for (const frame of early) connection.receive(...frame);
      },
      (err: unknown) => {
        log.error({ ...context, err }, 'loading the room failed');
        socket.close(1011, 'internal_error');
      },
    );
  };
}
