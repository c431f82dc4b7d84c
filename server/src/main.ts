import { createLogger, exitOnSignal, loadConfigOrExit } from '@volley/core';
import { startVolley } from './volley.js';

const config = loadConfigOrExit('volley');
const logger = createLogger(config.logLevel);
const volley = await startVolley(config, logger);
exitOnSignal(logger, () => volley.close());
