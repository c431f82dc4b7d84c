import type { RawData } from 'ws';
import type { z } from 'zod';

/** A text frame of JSON read against `schema`; undefined for a binary frame, bad JSON or a frame the schema refuses. */
export function parseJsonFrame<T extends z.ZodType>(schema: T, data: RawData, isBinary: boolean): z.infer<T> | undefined {
  if (isBinary) return undefined;
  try {
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8');
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
