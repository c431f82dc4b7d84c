/**
 * The WebSocket side of `/sync` and `/game`: every upgrade is decided first (`admit`), then
 * completed, because a browser cannot read an HTTP error on a WebSocket. A refused socket is
 * closed at once with the code, having joined nothing and received nothing, and is read no
 * further (shut.ts).
 */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, CloseReason, SUBPROTOCOL } from '@volley/shared';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import type { Admission } from './authenticate.js';
import { shut } from './shut.js';

export interface SocketGatewayOptions<T> {
  admit(req: IncomingMessage): Promise<Admission<T>>;
  join(socket: WebSocket, admitted: { ok: true } & T): void;
  /** Frames over this many bytes close the socket with 4413. */
  maxPayload: number;
  log: Logger;
}

export interface SocketGateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket with going_away (4502, retryable) and accepts no more. */
  close(): Promise<void>;
}

/** How long sockets get to finish their closing handshake when the server stops. */
const CLOSE_GRACE_MS = 1000;

export function createSocketGateway<T>({ admit, join, maxPayload, log }: SocketGatewayOptions<T>): SocketGateway {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    // Never echo the bearer protocol: the token would come back in a response header.
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  let closing = false;

  function complete(req: IncomingMessage, socket: Duplex, head: Buffer, admission: Admission<T> | 'failed'): void {
    if (closing || socket.destroyed) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (err) => log.debug({ err: err.message }, 'socket error'));
      answerOversizeWith4413(ws);
      if (admission === 'failed') return ws.close(1011, 'internal_error');
      if (!admission.ok) {
        log.info({ code: admission.code, ...admission.ids }, 'socket refused');
        return shut(ws, admission.code);
      }
      join(ws, admission);
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      if (closing) return void socket.destroy();
      // The socket waits for the database; an error meanwhile must not go unhandled.
      const onError = () => socket.destroy();
      socket.on('error', onError);
      admit(req)
        .catch((err: unknown): 'failed' => {
          log.error({ err }, 'deciding an upgrade failed');
          return 'failed';
        })
        .then((admission) => {
          socket.off('error', onError);
          complete(req, socket, head, admission);
        });
    },

    async close() {
      closing = true;
      const sockets = [...wss.clients];
      const closed = Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve(null) : ws.once('close', resolve)))));
      for (const ws of sockets) ws.close(CloseCode.goingAway, CloseReason[CloseCode.goingAway]);
      const grace = setTimeout(() => sockets.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/**
 * ws answers a frame over `maxPayload` with 1009; Volley's contract says 4413 (too_large). ws
 * offers no option for it, so the close is sent from a listener that runs before ws's own; ws's
 * 1009 then finds the socket closing and sends nothing. Without that internal, 1009 it is.
 */
function answerOversizeWith4413(ws: WebSocket): void {
  const receiver = (ws as unknown as { _receiver?: EventEmitter })._receiver;
  receiver?.prependListener('error', (err: Error & { code?: string }) => {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') ws.close(CloseCode.tooLarge, CloseReason[CloseCode.tooLarge]);
  });
}
