/**
 * The constants and functions of the API that a client runs, apart from the schemas of api/*.ts, so
 * that a module the PWA runs at once makes no schema (docs/architecture.md, "Schemas apart from the
 * first load").
 */
/** The username a deleted account leaves behind (api/src/services/delete-account.ts); nobody can take one. */
export const tombstoneUsername = (userId: string): string => `deleted_${userId.slice(-12).toLowerCase()}`;
export const isTombstoneUsername = (username: string): boolean => /^deleted_[0-9a-z]{12}$/i.test(username);
/** How many of a conversation's newest system lines its record names (`Conversation.systemSeqs`), and a signal carries at most. */
export const SYSTEM_SEQS_KEPT = 100;
/** Name of the httpOnly refresh-token cookie, scoped to `/api/v1/auth`. */
export const REFRESH_COOKIE = 'volley_refresh';
/** A dropped player has this long to come back before forfeiting. */
export const REJOIN_GRACE_MS = 15_000;
/**
 * Why a provider's callback did not sign in or link: `?oauth_error=<code>` on the page the
 * browser is sent back to (a redirect has no body); the PWA shows the translated reason.
 */
export const OAuthErrorCodes = [
  /** The state was missing, expired or not the one this browser started with. */
  'oauth_state',
  /** The provider could not be reached to start. */
  'oauth_unavailable',
  /** The provider refused, or its answer did not verify. */
  'oauth_provider',
  /** The provider gave no verified email. */
  'oauth_no_email',
  /** A Volley account already has this email: sign in to it and link the provider from the settings. */
  'oauth_email_taken',
  /** This provider account is linked to another Volley account. */
  'oauth_linked_elsewhere',
  'site_banned',
  /** Too many sign-ins started, or accounts made, from this address: try again later. */
  'rate_limited',
] as const;
export type OAuthErrorCode = (typeof OAuthErrorCodes)[number];
/** The kinds of pushes a person can turn on and off. */
export const PUSH_KINDS = ['mention', 'message', 'friend_request', 'game_invite', 'match_ready'] as const;
export const TOURNAMENT_MIN_PLAYERS = 4;
export const TOURNAMENT_MAX_PLAYERS = 64;
/** A round robin plays n·(n−1)/2 games: past 8 players it would not end in an evening. */
export const ROUND_ROBIN_MAX_PLAYERS = 8;
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
