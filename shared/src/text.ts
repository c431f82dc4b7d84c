/**
 * Text from outside (op bodies, API fields) must be well-formed Unicode without NUL: a lone
 * surrogate cannot be stored or shown faithfully, and PostgreSQL refuses NUL in text. Such text is
 * refused with a reason, never stored.
 */
import type { FieldProblem } from './field-problems.js';

export const TEXT_NOT_WELL_FORMED: FieldProblem = 'not_well_formed';

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const ILL_FORMED = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isWellFormedText = (value: string): boolean => !ILL_FORMED.test(value);

/** The first `length` UTF-16 units of `text`, one fewer rather than half a surrogate pair: what is cut stays well-formed. */
export const startOf = (text: string, length: number): string => text.slice(0, /[\ud800-\udbff]/.test(text[length - 1] ?? '') ? length - 1 : length);

/** Keys that would reach an object's prototype if copied naively: input carrying one is refused. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Input from outside as data only, or the first place where it holds what is refused. */
export type InertInput = { ok: true; value: unknown } | { ok: false; path: string[]; problem: string };

/**
 * Parsed JSON from outside (a body, a query, path parameters) made inert before any schema or
 * handler reads it: every object is copied into one without a prototype, so a key named like an
 * inherited member (`hasOwnProperty`, `toString`, `__defineGetter__`) is plain data that shadows
 * nothing, and a member the input lacks reads as `undefined`, never as `Object.prototype`'s. A
 * prototype key or text that is not well-formed (in a key or a string) is refused with its field
 * path, so no such value reaches a handler or the database. A loop rather than recursion: a deeply
 * nested body must not exhaust the stack.
 */
export function inertInput(root: unknown): InertInput {
  // Each object knows its parent's entry rather than its whole path: a path is spelled out only
  // for a refusal, so a deep nesting costs its size, not its depth squared.
  type Entry = { from: object; into: Record<string, unknown>; name: string; parent: Entry | undefined };
  const pathOf = (entry: Entry | undefined, last?: string): string[] => {
    const path = last === undefined ? [] : [last];
    for (let at = entry; at?.parent; at = at.parent) path.unshift(at.name);
    return path;
  };
  const emptyLike = (value: object): Record<string, unknown> =>
    Array.isArray(value) ? (new Array(value.length) as unknown as Record<string, unknown>) : Object.create(null);
  if (typeof root === 'string') return isWellFormedText(root) ? { ok: true, value: root } : { ok: false, path: [], problem: TEXT_NOT_WELL_FORMED };
  if (root === null || typeof root !== 'object') return { ok: true, value: root };
  const copy = emptyLike(root);
  const pending: Entry[] = [{ from: root, into: copy, name: '', parent: undefined }];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    for (const [name, value] of Object.entries(entry.from)) {
      if (PROTOTYPE_KEYS.has(name)) return { ok: false, path: pathOf(entry, name), problem: 'not_allowed' };
      if (!isWellFormedText(name)) return { ok: false, path: pathOf(entry), problem: TEXT_NOT_WELL_FORMED };
      if (typeof value === 'string' && !isWellFormedText(value)) return { ok: false, path: pathOf(entry, name), problem: TEXT_NOT_WELL_FORMED };
      if (value === null || typeof value !== 'object') {
        entry.into[name] = value;
      } else {
        // Set now, filled later: the copy keeps the input's key order.
        entry.into[name] = emptyLike(value);
        pending.push({ from: value, into: entry.into[name] as Record<string, unknown>, name, parent: entry });
      }
    }
  }
  return { ok: true, value: copy };
}
