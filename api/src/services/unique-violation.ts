/**
 * The unique index a failed insert ran into, if that is why it failed: a check made before the
 * insert can lose a race with a concurrent request, and the index decides then.
 */
export function uniqueViolation(err: unknown): string | undefined {
  // Objection wraps the driver's error; the PostgreSQL code is on the original.
  const native = (err as { nativeError?: unknown } | null)?.nativeError ?? err;
  const { code, constraint } = (native ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' ? constraint : undefined;
}
