import { describe, expect, it } from 'vitest';
import { waitedSeconds } from './matchmaking.js';

describe('the ranked queue', () => {
  it('counts the time waited on between frames', () => {
    const queued = { status: 'queued', rating: 1000, window: 50, waitedMs: 4500, at: 10_000 } as const;
    expect(waitedSeconds(queued, 10_000)).toBe(4);
    expect(waitedSeconds(queued, 12_600)).toBe(7);
    expect(waitedSeconds(queued, 9_000)).toBe(4);
  });
});
