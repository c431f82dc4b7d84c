import { ConfigError, createLogger, loadConfig } from '@volley/core';
import { startVolley } from './volley.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`volley: ${err.message}\n`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const volley = await startVolley(config, logger);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ category: 'server', signal }, 'stopping');
    volley.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ category: 'server', err }, 'unclean stop');
        process.exit(1);
      },
    );
  });
}
