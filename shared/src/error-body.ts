import { z } from 'zod';

/** The one error shape of every API response that is not a success. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    /** With `rate_limited`: seconds until a retry can succeed (also the `Retry-After` header). */
    retryAfter: z.number().int().optional(),
    /** With `two_factor_required`: what POST /auth/login/2fa takes with the code. */
    challenge: z.string().optional(),
    /** With `banned` and `site_banned`: when the ban ends (ISO 8601); absent when it is for good. */
    until: z.string().optional(),
    /** With `site_banned`: why, as the moderator wrote it (may be empty). */
    banReason: z.string().optional(),
    /** With `file_too_large` and `quota_exceeded`: the limit, in bytes. */
    limit: z.number().int().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
