import type { RawData } from 'ws';
import type { z } from 'zod';
import { inertInput } from '@volley/shared';

/**
 * A text frame of JSON read against `schema`; undefined for a binary frame, bad JSON, a frame the
 * schema refuses, or one holding a prototype key or text that is not well-formed (`inertInput`, as
 * for the api's bodies).
 */
export function parseJsonFrame<T extends z.ZodType>(schema: T, data: RawData, isBinary: boolean): z.infer<T> | undefined {
  if (isBinary) return undefined;
  try {
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8');
    const inert = inertInput(JSON.parse(text));
    if (!inert.ok) return undefined;
    const parsed = schema.safeParse(inert.value);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
