import { z } from 'zod';

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
  /** A game invitation that was already answered, or expired. */
  'invitation_closed',
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];

/** The one error shape of every API response that is not a success. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
