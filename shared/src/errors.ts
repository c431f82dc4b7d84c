/** Stable error ids of the API; the UI translates them, clients branch on them. */
export const ErrorCodes = [
  'bad_request',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'token_expired',
  'refresh_token_reused',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
  /** Either user blocked the other. */
  'blocked',
  /** A password channel's password did not match. */
  'wrong_password',
  /** Banned from the conversation; the message says until when. */
  'banned',
  /** The account or the address is banned from this server (a site ban); the message says until when. */
  'site_banned',
  /** A game invitation that was already answered, or expired. */
  'invitation_closed',
  /** A bot token's scope does not allow this (read-only, or another conversation). */
  'token_scope',
  /** The account's email belongs to its OAuth provider and cannot be changed in Volley. */
  'email_locked',
  /** The server sends no mail (no SMTP configured): no reset link or email confirmation can be sent. */
  'mail_unavailable',
  /** A mailed one-time token (password reset, email change) that is unknown, used or expired. */
  'invalid_token',
  /** The password was right; a second factor is asked (`challenge` in the error, for POST /auth/login/2fa). */
  'two_factor_required',
  /** A wrong, expired or replayed two-factor code, or a used recovery code. */
  'invalid_code',
  /** A right two-factor code of a time step already used: the next code works. */
  'code_used',
  /** A tournament no longer taking registrations or withdrawals (started, finished, cancelled). */
  'tournament_closed',
  /** A tournament with every place taken. */
  'tournament_full',
  /** An upload over the per-file size limit (`limit`: bytes). */
  'file_too_large',
  /** An upload whose bytes are of a type the server does not take. */
  'file_type_not_allowed',
  /** An upload that would take the uploader's attachments past their quota (`limit`: bytes). */
  'quota_exceeded',
  /** An image that cannot be decoded, is cut short, or declares more pixels than allowed. */
  'invalid_image',
  // What a `conflict` is when the client can say it better than "conflicts with existing data".
  /** A friend request to someone who is already a friend. */
  'already_friends',
  /** A second friend request to the same person while the first waits. */
  'friend_request_pending',
  /** A second request to join a channel while the first waits. */
  'join_request_pending',
  /** A friend or join request already accepted, declined, rejected or cancelled. */
  'request_decided',
  /** Joining, or being invited to, a channel one is already in. */
  'already_member',
  /** Admitting someone banned from the channel. */
  'member_banned',
  /** Asking to join an open channel, which one joins directly. */
  'channel_open',
  /** The owner leaving a channel without handing it over first. */
  'owner_must_transfer',
  /** A private channel, entered only on request or invitation. */
  'invitation_needed',
  /** Two-factor setup while it is on, or turning it on with no setup pending. */
  'two_factor_on',
  'two_factor_not_set_up',
  /** Turning two-factor authentication off while it is off. */
  'two_factor_off',
  /** Starting a tournament with fewer than two players. */
  'too_few_players',
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];
