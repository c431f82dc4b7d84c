/**
 * The actor: who a request (or a socket) acts as, whole. Every policy decision at the api takes
 * this one value, so no call site can keep the user and drop the token's scope, the session or
 * the address (docs/architecture.md §5, "The actor and what a route touches").
 */
import type { SiteRole } from '@volley/shared';
import type { ScopedToken } from '../tokens.js';

export interface Actor {
  userId: string;
  username: string;
  /** The sign-in the access token belongs to; null for a bot token. */
  sessionId: string | null;
  /** A bot token's reach (scope.ts); null for a person's access token, which may do all its user may. */
  scope: ScopedToken | null;
  /** The client's address (core/src/addresses.ts), null when unknown. */
  address: string | null;
  /** The account is a bot's: it never holds a person's credentials (a password, a provider identity). */
  bot: boolean;
  siteRole: SiteRole;
}

/**
 * A person at their own session: no token scope and not a bot. Only they manage the account's
 * ways in (password, provider identities, two-factor, sessions, deletion).
 */
export const isPersonSession = (actor: Actor): boolean => actor.scope === null && !actor.bot;
