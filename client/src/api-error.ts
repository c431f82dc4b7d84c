import { TEXT_NOT_WELL_FORMED } from '@volley/shared';
import { loadSchemas } from './schemas.js';

/** Per-field messages from the server, e.g. `{ email: ['already taken'] }`. */
export type FieldErrors = Record<string, string[]>;

/**
 * A failed API call. `code` is the server's stable error id (errors.ts), or `network` when the
 * server could not be reached (`status` 0); the UI translates the code.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    /** With `two_factor_required`: the second step of the sign-in takes it with the code. */
    readonly challenge?: string,
    /** With a ban: until when (ISO 8601; absent: for good) and, for a site ban, why. */
    readonly ban?: { until?: string; reason?: string },
    /** With `file_too_large` and `quota_exceeded`: the limit, in bytes. */
    readonly limit?: number,
  ) {
    super(message);
  }

  /** The server could not answer now (unreachable, down, overloaded): trying later may work. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /**
   * Input refused here before anything is sent (text with a NUL or a lone surrogate, which the
   * server could not even be given faithfully), in the shape the server would have answered: the
   * field (its path, joined with '.'; '' for a query) and its problem.
   */
  static refusedField(field: string, problem: string = TEXT_NOT_WELL_FORMED): ApiError {
    return new ApiError(400, 'validation_failed', `${field || 'query'}: ${problem}`, { [field]: [problem] });
  }

  static network(cause: unknown): ApiError {
    return new ApiError(0, 'network', cause instanceof Error ? cause.message : 'network error');
  }

  /** Reads the one error shape of the API; anything else (a proxy's 502 page…) gets a generic code. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const body: unknown = await response.json().catch(() => null);
    const schemas = await loadSchemas().catch(() => undefined);
    // Without the schemas (a failed load), the body is not read: the status alone says what happened.
    const parsed = schemas?.ErrorBody.safeParse(body) ?? { success: false as const };
    if (parsed.success) {
      const { code, message, fields, challenge, until, banReason, limit } = parsed.data.error;
      const ban = code === 'banned' || code === 'site_banned' ? { ...(until && { until }), ...(banReason !== undefined && { reason: banReason }) } : undefined;
      return new ApiError(response.status, code, message, fields ?? {}, challenge, ban, limit);
    }
    const unreachable = response.status === 502 || response.status === 503 || response.status === 504;
    if (unreachable) return new ApiError(0, 'network', response.statusText);
    return new ApiError(response.status, response.status >= 500 ? 'internal' : 'bad_request', response.statusText);
  }
}
