/**
 * The WebSocket side of `/sync` and `/game`: every upgrade is decided first (`admit`), then
 * completed, because a browser cannot read an HTTP error on a WebSocket. A refused socket is
 * closed at once with the code, having joined nothing and received nothing, and is read no
 * further (shut.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, CloseReason, SUBPROTOCOL } from '@volley/shared';
import { WebSocket, WebSocketServer } from 'ws';
import { isFailover } from '../db/failover.js';
import type { Logger } from '../logger.js';
import { isAllowedOrigin } from '../http/origins.js';
import { measure, metrics } from '../metrics.js';
import { requestAddress, type TrustedProxies } from '../addresses.js';
import type { GateRefusal, GateSubject, SiteGate } from '../site-gate.js';
import type { Admission, Refusal } from './authenticate.js';
import { shut } from './shut.js';

/** Who holds an admitted socket, as the site gate asks. */
type Holder = { user: GateSubject & { userId: string } };

export interface SocketGatewayOptions<T extends Holder> {
  /** The socket's name in the metrics (`volley_sockets_open{socket}`). */
  name: 'sync' | 'game';
  /** `address`: where the socket comes from (`requestAddress`, the rule HTTP follows too). */
  admit(req: IncomingMessage, address: string | null): Promise<Admission<T>>;
  join(socket: WebSocket, admitted: { ok: true } & T, address: string | null): void;
  /** Frames over this many bytes close the socket with 4413. */
  maxPayload: number;
  /** Browser origins allowed to open a socket (`isAllowedOrigin`); another origin is refused 4403. */
  allowedOrigins: readonly string[] | undefined;
  log: Logger;
  /** Site bans and kicks: refused at the upgrade (a banned address before anything else), and open sockets closed when they come. */
  gate?: SiteGate;
  /** The proxies in front (TRUST_PROXY), past which `requestAddress` finds the socket's client. */
  trustProxy: TrustedProxies;
  /** Subprotocols that say what more than `volley.v1` the socket speaks, answered first when offered (docs/protocol.md). */
  features?: readonly string[];
}

export interface SocketGateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket with going_away (4502, retryable) and accepts no more. */
  close(): Promise<void>;
}

/** How long sockets get to finish their closing handshake when the server stops. */
const CLOSE_GRACE_MS = 1000;

/** The close a site refusal gets: a ban is final (4451), an ended session signs in again (4401). */
const refusalCode = (refusal: GateRefusal) => (refusal.reason === 'session_ended' ? CloseCode.unauthenticated : CloseCode.banned);

/**
 * ws closes a socket whose message is over `maxPayload` with 1009, the one close it makes with
 * that code; Volley's contract says 4413 (too_large). ws has no option for the code, but takes
 * the class of its sockets (the server's documented `WebSocket` option): this one says 4413
 * where ws would say 1009. It relies on ws making that close through the socket's own `close()`
 * (ws 8's receiverOnError, lib/websocket.js), which ws is pinned for and oversize.test.ts checks.
 */
class VolleySocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (code === 1009) super.close(CloseCode.tooLarge, CloseReason[CloseCode.tooLarge]);
    else super.close(code, data);
  }
}

export function createSocketGateway<T extends Holder>({ name, admit, join, maxPayload, allowedOrigins, log, gate, trustProxy, features = [] }: SocketGatewayOptions<T>): SocketGateway {
  const answered = [...features, SUBPROTOCOL];
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    WebSocket: VolleySocket,
    // Never echo the bearer protocol: the token would come back in a response header.
    handleProtocols: (offered) => answered.find((protocol) => offered.has(protocol)) ?? false,
  });
  let closing = false;
  const holders = new Map<WebSocket, GateSubject>();
  gate?.onChange(() => {
    for (const [ws, who] of holders) {
      const refusal = gate.refuse(who);
      if (refusal) {
        log.info({ userId: who.userId, reason: refusal.reason }, 'socket closed by the site gate');
        shut(ws, refusalCode(refusal));
      }
    }
  });

  /** The gate's word on an upgrade: its address alone first, then with who was admitted. */
  function gated(address: string | null, admission: Admission<T> | 'failed' | null): Refusal | null {
    if (!gate || admission === 'failed' || admission?.ok === false) return null;
    const refusal = gate.refuse({ address, ...(admission ? admission.user : {}) });
    return refusal && { ok: false, code: refusalCode(refusal), ids: admission ? { userId: admission.user.userId } : {} };
  }
  const unmeasure = measure(metrics.sockets, name, () => wss.clients.size);

  function complete(req: IncomingMessage, socket: Duplex, head: Buffer, address: string | null, admission: Admission<T> | 'failed'): void {
    if (closing || socket.destroyed) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (err) => log.debug({ err: err.message }, 'socket error'));
      if (admission === 'failed') return ws.close(1011, 'internal_error');
      if (!admission.ok) {
        log.info({ code: admission.code, ...admission.ids }, 'socket refused');
        return shut(ws, admission.code);
      }
      if (gate) {
        holders.set(ws, { ...admission.user, address });
        gate.seen(admission.user.userId, address).catch((err: unknown) => log.warn({ err, userId: admission.user.userId }, 'recording the last address failed'));
        ws.once('close', () => holders.delete(ws));
      }
      join(ws, admission, address);
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      if (closing) return void socket.destroy();
      // The socket waits for the database; an error meanwhile must not go unhandled.
      const onError = () => socket.destroy();
      socket.on('error', onError);
      // Another site's page must not use the user's browser to open a socket, whatever it carries;
      // a banned address is refused before its token is read.
      const address = requestAddress(req, trustProxy);
      const banned = gated(address, null);
      const decided = !isAllowedOrigin(req, allowedOrigins)
        ? Promise.resolve<Admission<T>>({ ok: false, code: CloseCode.forbidden, ids: { origin: req.headers.origin } })
        : banned
          ? Promise.resolve(banned)
          : admit(req, address);
      decided
        .catch((err: unknown): Refusal | 'failed' => {
          // The database unreachable (a failover, a partition) is a condition to wait out: a
          // retryable close (4503), as when an op cannot be stored, not a server fault.
          if (isFailover(err)) {
            log.warn({ err }, 'deciding an upgrade failed: database unavailable');
            return { ok: false, code: CloseCode.overloaded };
          }
          log.error({ err }, 'deciding an upgrade failed');
          return 'failed';
        })
        .then((admission) => {
          socket.off('error', onError);
          complete(req, socket, head, address, gated(address, admission) ?? admission);
        });
    },

    async close() {
      closing = true;
      unmeasure();
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
