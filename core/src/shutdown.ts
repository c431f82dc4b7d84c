import type { Logger } from './logger.js';

/** A process stops within this, even with a stuck request or socket: orchestrators kill at ~10 s. */
const SHUTDOWN_GRACE_MS = 9000;

/**
 * On SIGTERM or SIGINT, runs `stop` once (stop taking work, close sockets with 4502, finish what is
 * held, close connections) and exits 0, or 1 if it failed or outlasted the grace period.
 */
export function exitOnSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ category: 'server', signal }, 'stopping');
      setTimeout(() => {
        logger.error({ category: 'server' }, 'stop timed out');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      stop().then(
        () => {
          logger.info({ category: 'server' }, 'stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ category: 'server', err }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
}
