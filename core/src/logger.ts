import { pino, type Logger } from 'pino';

export type { Logger };

/** The fixed set of log categories; every log line carries one. */
export type LogCategory = 'http' | 'auth' | 'sync' | 'outbox' | 'db' | 'bus' | 'server' | 'game';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['*.password', '*.token', '*.accessToken', '*.refreshToken', 'req.headers.cookie', 'req.headers.authorization', 'req.headers["sec-websocket-protocol"]'], censor: '[redacted]' },
  });
}

export const forCategory = (logger: Logger, category: LogCategory, ids: Record<string, unknown> = {}): Logger =>
  logger.child({ category, ...ids });
