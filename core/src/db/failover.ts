/**
 * What a database failover looks like from a Volley process, and the one way it is lived through
 * (docs/operations.md, "Running the cluster"). The failover itself is the manager's (Patroni moves
 * the primary, HAProxy follows it): a process only notices that the server it spoke to went away
 * or is no longer the primary, and does again what was in flight, on a new connection. Everything
 * retried this way is safe to do twice: an op is recorded once per op id, and a second attempt at
 * one that did commit finds it and answers the same.
 */
import type { Logger } from '../logger.js';
import { metrics } from '../metrics.js';

/**
 * SQLSTATEs of a server that is going or gone, or that is a standby now: class 08 (connection
 * exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now: a server stopping,
 * restarting or still recovering), 25006 (read-only transaction: a demoted primary, or a connection
 * that reached a standby before the proxy noticed), 40001 is not among them (a serialization
 * failure is the caller's to handle), nor is anything about the statement itself.
 */
const FAILOVER_STATES = new Set(['57P01', '57P02', '57P03', '25006']);

/** Socket errors of a server that went away, or of a proxy with no primary behind it yet. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/** node-postgres's own messages when the socket closed under a query (no code of its own). */
const CLOSED_MESSAGES = /Connection terminated|Client has encountered a connection error|connection is closed|Client was closed|terminating connection due to/i;

/** Whether `err` says the primary went away or is no longer the primary, rather than anything about what was asked. */
export function isFailover(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  // Objection wraps the driver's error (db-errors), which keeps it as `nativeError`.
  const { nativeError } = err as { nativeError?: unknown };
  if (nativeError !== undefined && nativeError !== err && isFailover(nativeError)) return true;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || FAILOVER_STATES.has(code) || SOCKET_CODES.has(code))) return true;
  // knex's pool gave up acquiring a connection: none could be opened in its timeout.
  if ((err as { name?: unknown }).name === 'KnexTimeoutError') return true;
  return typeof message === 'string' && CLOSED_MESSAGES.test(message);
}

export interface FailoverRetry {
  log: Logger;
  /** Log fields saying what is retried (an op's id and account). */
  about?: Record<string, unknown>;
  /**
   * How long to keep trying (ms): a failover under Patroni's defaults takes 10–30 s to elect and
   * promote. Past it the last error is thrown, for the caller's own way of trying later.
   */
  withinMs?: number;
}

/** First wait between attempts, doubled each time up to MAX_WAIT_MS. */
const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 2000;

/**
 * `work`, done again while it fails for a failover (`isFailover`), with growing waits, for up to
 * `withinMs`; any other error is thrown at once. `work` must be safe to repeat: each attempt runs
 * on whatever connection the pool gives, and an attempt that failed may have committed.
 */
export async function throughFailover<T>(work: () => Promise<T>, { log, about, withinMs = 30_000 }: FailoverRetry): Promise<T> {
  const until = Date.now() + withinMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isFailover(err) || Date.now() >= until) throw err;
      metrics.dbFailoverRetries.inc();
      const wait = Math.min(FIRST_WAIT_MS * 2 ** (attempt - 1), MAX_WAIT_MS, Math.max(until - Date.now(), 0));
      log.warn({ ...about, err, attempt, waitMs: wait }, 'database unavailable or read-only (failover?); retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
