import { ConfigError, createLogger, exitOnSignal, loadConfig, type Config } from '@volley/core';
import { startVolley } from './volley.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`volley: ${err.message}\n`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const volley = await startVolley(config, logger);
exitOnSignal(logger, () => volley.close());
