/**
 * Where a client's access token comes from. The API client is one (password sign-in, then the
 * refresh cookie); a bot's long-lived token is another (`StaticToken`). Every socket asks its source
 * for the current token, and for a fresh one before the current one expires.
 */
import { ApiError } from './api-error.js';

export interface TokenSource {
  /** The token to use now; null while there is none (signed out, or not fetched yet). */
  readonly accessToken: string | null;
  /** Gets a fresh token (it is then `accessToken`); rejects with a non-transient ApiError when the session is over. */
  refresh(): Promise<unknown>;
}

/** A token given as is (a bot token): nothing to refresh it with. */
export class StaticToken implements TokenSource {
  constructor(readonly accessToken: string) {}

  refresh(): Promise<never> {
    return Promise.reject(new ApiError(401, 'unauthenticated', 'a given token cannot be refreshed'));
  }
}

/** True when a failed refresh means the session is over (signed out, revoked), not that the server is out of reach. */
export const sessionOver = (error: unknown): boolean => error instanceof ApiError && !error.isTransient;

/**
 * The expiry of a JWT (epoch ms), read from its payload without checking it (the server does);
 * null for a token that is not a JWT or carries no `exp` (then it is never renewed ahead of time).
 */
export function tokenExpiry(token: string | null): number | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(base64UrlDecode(payload))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

function base64UrlDecode(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
