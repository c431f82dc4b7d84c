import { describe, expect, it } from 'vitest';
import { inertInput, TEXT_NOT_WELL_FORMED } from './text.js';

describe('inertInput', () => {
  it('copies parsed JSON into objects without a prototype, so inherited member names are only data', () => {
    const result = inertInput(JSON.parse('{"hasOwnProperty":1,"list":[{"toString":"x"}],"name":"ann"}'));
    expect(result.ok).toBe(true);
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(value.hasOwnProperty).toBe(1);
    expect(value.valueOf).toBeUndefined();
    const list = value.list as Record<string, unknown>[];
    expect(Array.isArray(list)).toBe(true);
    expect(Object.getPrototypeOf(list[0])).toBeNull();
    expect(JSON.stringify(value)).toBe('{"hasOwnProperty":1,"list":[{"toString":"x"}],"name":"ann"}');
  });

  it('refuses prototype keys and ill-formed text with the path where they are', () => {
    expect(inertInput(JSON.parse('{"a":[{"__proto__":{}}]}'))).toEqual({ ok: false, path: ['a', '0', '__proto__'], problem: 'not_allowed' });
    expect(inertInput({ a: { b: 'x\u0000' } })).toEqual({ ok: false, path: ['a', 'b'], problem: TEXT_NOT_WELL_FORMED });
    expect(inertInput({ a: { '\ud800': 1 } })).toMatchObject({ ok: false, path: ['a'] });
  });

  it('walks a nesting as deep as the largest body without exhausting the stack', () => {
    const depth = 32_000;
    const result = inertInput(JSON.parse('['.repeat(depth) + ']'.repeat(depth)));
    expect(result.ok).toBe(true);
  });
});
