import { describe, expect, it } from 'vitest';
import { remember } from './remember.js';

describe('remember', () => {
  it('answers the same result for the same arguments, and computes again when one changes', () => {
    let calls = 0;
    const sorted = remember((list: readonly number[], descending: boolean) => {
      calls++;
      return [...list].sort((a, b) => (descending ? b - a : a - b));
    });
    const list = [3, 1, 2];
    const first = sorted(list, false);
    expect(sorted(list, false)).toBe(first);
    expect(calls).toBe(1);
    expect(sorted(list, true)).toEqual([3, 2, 1]);
    // An equal array that is another value: computed again.
    expect(sorted([3, 1, 2], true)).toEqual([3, 2, 1]);
    expect(calls).toBe(3);
  });
});
