/** An admitted socket joins its room once the room has loaded; the frames that arrive meanwhile wait for it. */
import { holdFrames, isFailover, shut, type AccessClaims, type AccessTokens, type Logger } from '@volley/core';
import { CloseCode, SYNC_HELD_FRAMES } from '@volley/shared';
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
  /** Asked again once the room has loaded: what happened while it loaded may refuse the socket (a revoked token). */
  admits: (user: AccessClaims) => boolean;
}

export function joinRoom({ rooms, tokens, log, streams, ops, admits }: JoinDeps) {
  return (socket: WebSocket, { room: name, user, readOnly }: Admitted, address: string | null): void => {
    const context = { room: name, userId: user.userId };
    const release = holdFrames(socket, SYNC_HELD_FRAMES);
    rooms.acquire(name).then(
      (room) => {
        if (socket.readyState !== socket.OPEN) return rooms.release(name);
        if (!admits(user)) {
          shut(socket, CloseCode.unauthenticated);
          return rooms.release(name);
        }
        const connection = new Connection(socket, room, user, address, readOnly, tokens, () => rooms.release(name), log, readOnly ? streams : undefined, readOnly ? ops : undefined);
        log.debug({ ...context, readOnly }, 'joined');
        release((data, isBinary) => connection.receive(data, isBinary));
      },
      (err: unknown) => {
        // The database unreachable: retryable (4503), the client comes back once it is.
        if (isFailover(err)) {
          log.warn({ ...context, err }, 'loading the room failed: database unavailable');
          return shut(socket, CloseCode.overloaded);
        }
        log.error({ ...context, err }, 'loading the room failed');
        socket.close(1011, 'internal_error');
      },
    );
  };
}
