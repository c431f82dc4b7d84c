import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The fixed set of log categories; every log line carries one. */
export type LogCategory = 'http' | 'auth' | 'sync' | 'outbox' | 'db' | 'bus' | 'server' | 'game' | 'push' | 'previews';

/** JSON lines on stdout, or on `destination` (a test reading what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: { paths: ['*.password', '*.token', '*.accessToken', '*.refreshToken', 'req.headers.cookie', 'req.headers.authorization', 'req.headers["sec-websocket-protocol"]'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const forCategory = (logger: Logger, category: LogCategory, ids: Record<string, unknown> = {}): Logger =>
  logger.child({ category, ...ids });
