/**
 * Text from outside (op bodies, API fields) must be well-formed Unicode without NUL: a lone
 * surrogate cannot be stored or shown faithfully, and PostgreSQL refuses NUL in text. Such text is
 * refused with a reason, never stored.
 */
import { z } from 'zod';

export const TEXT_NOT_WELL_FORMED = 'text must be well-formed Unicode without NUL';

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const ILL_FORMED = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isWellFormedText = (value: string): boolean => !ILL_FORMED.test(value);

/** A string that is well-formed text; refine further (length, pattern) as needed. */
export const WellFormedText = z.string().refine(isWellFormedText, TEXT_NOT_WELL_FORMED);

/** Keys that would reach an object's prototype if copied naively: input carrying one is refused. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Where parsed JSON from outside holds a prototype key or text that is not well-formed (in a key or a
 * string), as a field path and what is wrong; undefined when it holds neither. Schemas check shapes;
 * this is checked first, for every body, so no such value reaches a handler or the database.
 * A loop rather than recursion: a deeply nested body must not exhaust the stack.
 */
export function hostileJsonIn(root: unknown): { path: string[]; problem: string } | undefined {
  const pending: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return { path, problem: TEXT_NOT_WELL_FORMED };
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (PROTOTYPE_KEYS.has(key)) return { path: [...path, key], problem: 'field not allowed' };
        if (!isWellFormedText(key)) return { path, problem: `a key: ${TEXT_NOT_WELL_FORMED}` };
        pending.push({ value: inner, path: [...path, key] });
      }
    }
  }
  return undefined;
}
