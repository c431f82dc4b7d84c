import type Koa from 'koa';
import type { Context } from 'koa';
import { forCategory, type Logger } from '../logger.js';

/** What a response stream fails with when the client went away before it was sent. */
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNABORTED']);

/**
 * Koa reports through its app's `error` event what it could not answer itself: a response stream
 * that failed once headers were sent (a file, a compressed body). With no listener, Koa prints the
 * stack with `console.error`, a raw multi-line text in the middle of the JSON log. Here every such
 * error is one JSON line: a client that closed early (an aborted download, a page left) is routine
 * and only a debug line, and so is an error already answered to the client (a 4xx of koa-send);
 * anything else is a warning, without a stack.
 */
export function logResponseErrors(app: Koa, logger: Logger): void {
  const log = forCategory(logger, 'http');
  app.on('error', (err: Error & { code?: string; status?: number; expose?: boolean }, ctx?: Context) => {
    const where = { method: ctx?.method, path: ctx?.path, err: { name: err.name, message: err.message, code: err.code } };
    if ((err.code && CLIENT_GONE.has(err.code)) || ctx?.req.destroyed) log.debug(where, 'response aborted by the client');
    else if (err.expose || (err.status !== undefined && err.status < 500)) log.debug(where, 'request refused');
    else log.warn(where, 'response failed');
  });
}
