import type { ErrorBody, ErrorCode } from '@volley/shared';

/** Field path (joined with '.') → what is wrong with it, as the forms show it. */
export type FieldErrors = Record<string, string[]>;

/** Status and default message of every error code the api answers with. */
const ERRORS: Record<ErrorCode, { status: number; message: string }> = {
  bad_request: { status: 400, message: 'The request is not valid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  validation_failed: { status: 400, message: 'Some fields are not valid.' },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  invalid_credentials: { status: 401, message: 'Wrong username, email or password.' },
  token_expired: { status: 401, message: 'The access token has expired.' },
  refresh_token_reused: { status: 401, message: 'This session was signed out because its refresh token was used twice.' },
  forbidden: { status: 403, message: 'You are not allowed to do that.' },
  not_found: { status: 404, message: 'There is nothing here.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  conflict: { status: 409, message: 'This conflicts with existing data.' },
  rate_limited: { status: 429, message: 'Too many requests; try again later.' },
  unavailable: { status: 503, message: 'The service is unavailable; try again later.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
  blocked: { status: 403, message: 'This is not possible between you and this user.' },
  wrong_password: { status: 403, message: 'Wrong password.' },
  banned: { status: 403, message: 'You are banned from this conversation.' },
  site_banned: { status: 403, message: 'You are banned from this server.' },
  invitation_closed: { status: 409, message: 'This invitation was already answered, or it expired.' },
  token_scope: { status: 403, message: "This token's scope does not allow that." },
  email_locked: { status: 403, message: 'This email comes from the provider you signed up with and cannot be changed here.' },
  mail_unavailable: { status: 503, message: 'This server sends no mail, so no link can be sent; ask its administrator.' },
  invalid_token: { status: 400, message: 'This link is not valid any more; ask for a new one.' },
  two_factor_required: { status: 401, message: 'Enter the code from your authenticator app.' },
  invalid_code: { status: 401, message: 'This code is not valid.' },
  code_used: { status: 401, message: 'This code was already used; wait for the next one.' },
  tournament_closed: { status: 409, message: 'This tournament is not taking registrations any more.' },
  tournament_full: { status: 409, message: 'This tournament is full.' },
  file_too_large: { status: 413, message: 'This file is too large.' },
  file_type_not_allowed: { status: 415, message: 'Files of this type are not accepted.' },
  quota_exceeded: { status: 413, message: 'Your files take all the room you are given.' },
  invalid_image: { status: 400, message: 'This image cannot be read.' },
  already_friends: { status: 409, message: 'You are already friends.' },
  friend_request_pending: { status: 409, message: 'You already sent a request.' },
  join_request_pending: { status: 409, message: 'You already asked to join; the admins have not decided yet.' },
  request_decided: { status: 409, message: 'This request was already answered.' },
  already_member: { status: 409, message: 'Already a member.' },
  member_banned: { status: 409, message: 'This user is banned from the channel.' },
  channel_open: { status: 409, message: 'This channel is open: join it directly.' },
  owner_must_transfer: { status: 409, message: 'Transfer the ownership before leaving.' },
  invitation_needed: { status: 403, message: 'This channel is private: ask to join or get an invitation.' },
  two_factor_on: { status: 409, message: 'Two-factor authentication is already on.' },
  two_factor_not_set_up: { status: 409, message: 'Set up two-factor authentication first.' },
  two_factor_off: { status: 409, message: 'Two-factor authentication is off.' },
  too_few_players: { status: 409, message: 'A tournament needs at least two players.' },
};

/** An error the client is meant to see: its code, message and fields go out as they are. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers: Record<string, string | string[]> = {},
    readonly retryAfter?: number,
    readonly extra: Record<string, string | number> = {},
  ) {
    super(message);
    this.status = ERRORS[code].status;
  }

  toBody(): ErrorBody {
    const { code, message, fields, retryAfter } = this;
    return { error: { ...this.extra, code, message, ...(fields ? { fields } : {}), ...(retryAfter === undefined ? {} : { retryAfter }) } };
  }
}

interface ApiErrorOptions {
  message?: string;
  fields?: FieldErrors;
  headers?: Record<string, string | string[]>;
  /** Seconds: sent as `Retry-After` and in the body. */
  retryAfter?: number;
  /** More members of the error object, such as the `challenge` of `two_factor_required`. */
  extra?: Record<string, string | number>;
}

/** The one factory of client-facing errors: `throw apiError('conflict', { fields })`. */
export function apiError(code: ErrorCode, options: ApiErrorOptions = {}): ApiError {
  const { retryAfter } = options;
  const headers = retryAfter === undefined ? options.headers : { ...options.headers, 'Retry-After': String(retryAfter) };
  return new ApiError(code, options.message ?? ERRORS[code].message, options.fields, headers, retryAfter, options.extra);
}

/**
 * Anything else thrown becomes an ApiError without leaking its message: a status set by Koa
 * or a library keeps its matching code, the rest is `internal`.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (Object.keys(ERRORS) as ErrorCode[]).find((c) => ERRORS[c].status === status) ?? 'bad_request';
    return apiError(code);
  }
  return apiError('internal');
}
