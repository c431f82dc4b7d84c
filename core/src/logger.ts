import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The fixed set of log categories; every log line carries one. */
export type LogCategory = 'http' | 'auth' | 'sync' | 'outbox' | 'db' | 'bus' | 'server' | 'game' | 'push' | 'previews';

/**
 * The secret parts of links: a token, code, secret or signature parameter (in the query or the
 * fragment), and the path segment after a mailed link's page (`/reset-password/<token>`).
 */
const SECRET_IN_LINK = /([?#&;](?:[\w-]*token|code|secret|[\w-]*signature)=)[^&#\s"'\\<>]+|(\/(?:reset-password|confirm-email|verify-email|verify)\/)[^/?#\s"'\\<>]+/gi;

/** `text` with the secret of every link in it replaced by `[redacted]`. */
export const redactLinks = (text: string): string => text.replace(SECRET_IN_LINK, (_all, param: string | undefined, page: string | undefined) => `${param ?? page}[redacted]`);

/**
 * JSON lines on stdout, or on `destination` (a test reading what was logged). Each line is
 * redacted as a whole before it is written, so a link's token is kept out of every message, field,
 * binding and serialized error alike, wherever a caller put it.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: { paths: ['*.password', '*.token', '*.accessToken', '*.refreshToken', 'req.headers.cookie', 'req.headers.authorization', 'req.headers["sec-websocket-protocol"]'], censor: '[redacted]' },
  };
  const out = destination ?? pino.destination(1);
  const redacting: DestinationStream & { flush?: (cb?: (err?: Error) => void) => void } = {
    write: (line: string) => out.write(redactLinks(line)),
    flush: (cb) => (out as { flush?: (cb?: (err?: Error) => void) => void }).flush?.(cb) ?? cb?.(),
  };
  return pino(options, redacting);
}

export const forCategory = (logger: Logger, category: LogCategory, ids: Record<string, unknown> = {}): Logger =>
  logger.child({ category, ...ids });
