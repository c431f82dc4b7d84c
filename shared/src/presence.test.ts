import { describe, expect, it } from 'vitest';
import { movesOn } from '@volley/shared';

describe('an inbox entry', () => {
  it('tells more than another of its conversation when its message is later, or the same one now deleted', () => {
    expect(movesOn({ lastSeq: 1 }, undefined)).toBe(true);
    expect(movesOn({ lastSeq: 3 }, { lastSeq: 2, deleted: true })).toBe(true);
    expect(movesOn({ lastSeq: 2, deleted: true }, { lastSeq: 2 })).toBe(true);
    // Never back, and a deletion is not undone by the same message signalled again.
    expect(movesOn({ lastSeq: 2 }, { lastSeq: 2 })).toBe(false);
    expect(movesOn({ lastSeq: 2 }, { lastSeq: 2, deleted: true })).toBe(false);
    expect(movesOn({ lastSeq: 2, deleted: true }, { lastSeq: 2, deleted: true })).toBe(false);
    expect(movesOn({ lastSeq: 1, deleted: true }, { lastSeq: 2 })).toBe(false);
  });

  it('tells more when the same message was edited since, never after it was deleted', () => {
    const [first, later] = ['2026-11-27T10:00:00.000Z', '2026-11-27T10:05:00.000Z'];
    expect(movesOn({ lastSeq: 2, editedAt: first }, { lastSeq: 2 })).toBe(true);
    expect(movesOn({ lastSeq: 2, editedAt: later }, { lastSeq: 2, editedAt: first })).toBe(true);
    expect(movesOn({ lastSeq: 2, editedAt: first }, { lastSeq: 2, editedAt: later })).toBe(false);
    expect(movesOn({ lastSeq: 2, editedAt: first }, { lastSeq: 2, editedAt: first })).toBe(false);
    expect(movesOn({ lastSeq: 2, editedAt: later }, { lastSeq: 2, deleted: true })).toBe(false);
    expect(movesOn({ lastSeq: 2, deleted: true }, { lastSeq: 2, editedAt: later })).toBe(true);
    expect(movesOn({ lastSeq: 1, editedAt: later }, { lastSeq: 2 })).toBe(false);
  });
});
