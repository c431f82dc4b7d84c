import { describe, expect, it } from 'vitest';
import { parseQueueFrame, waitedSeconds } from './matchmaking.js';

describe('the ranked queue', () => {
  it('reads the server frames and ignores anything else', () => {
    expect(parseQueueFrame('{"t":"queued","rating":1012,"window":100,"waitedMs":5000}')).toEqual({ t: 'queued', rating: 1012, window: 100, waitedMs: 5000 });
    const opponent = { id: 'b', username: 'bob', displayName: 'Bob', rating: 990 };
    expect(parseQueueFrame(JSON.stringify({ t: 'matched', gameId: 'g1', opponent }))).toEqual({ t: 'matched', gameId: 'g1', opponent });
    expect(parseQueueFrame('{"t":"matched","gameId":""}')).toBeNull();
    expect(parseQueueFrame('{"t":"queued","rating":"high"}')).toBeNull();
    expect(parseQueueFrame('not json')).toBeNull();
    expect(parseQueueFrame(new ArrayBuffer(4))).toBeNull();
  });

  it('counts the time waited on between frames', () => {
    const queued = { status: 'queued', rating: 1000, window: 50, waitedMs: 4500, at: 10_000 } as const;
    expect(waitedSeconds(queued, 10_000)).toBe(4);
    expect(waitedSeconds(queued, 12_600)).toBe(7);
    expect(waitedSeconds(queued, 9_000)).toBe(4);
  });
});
