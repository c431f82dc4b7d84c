/**
 * Which browser origins may open a socket or send a cookie-authenticated request
 * (docs/architecture.md §5, "Origins"). A request with no Origin is not a browser acting for a
 * page (a bot, a native client, curl): it is allowed, since what it carries (a token it holds, a
 * cookie it owns) was not lent to it by the browser.
 */
import type { IncomingMessage } from 'node:http';

/** `allowed`: the configured origins; undefined: only the origin of the request's own Host. */
export function isAllowedOrigin(req: Pick<IncomingMessage, 'headers'>, allowed: readonly string[] | undefined): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed) return allowed.includes(origin);
  try {
    // The scheme is not compared: behind a TLS-terminating proxy the Host is the same, the scheme not.
    return new URL(origin).host === req.headers.host;
  } catch {
    // `null` (a sandboxed frame, a file) or anything that is no URL.
    return false;
  }
}
