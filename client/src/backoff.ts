/**
 * Reconnection delays: exponential from `minMs` to `maxMs`, with jitter (each delay drawn between
 * half and all of its step), so that clients dropped together do not all come back together.
 */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 500, maxMs: 30_000 };

export function backoffDelay(attempt: number, { minMs, maxMs }: BackoffOptions, random = Math.random): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + (random() * step) / 2);
}
