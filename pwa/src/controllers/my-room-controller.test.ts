import { describe, expect, it } from 'vitest';
import { serverPresence } from './my-room-controller.js';

describe("friends' presence from the awareness of my user room", () => {
  it('reads the server states, ignores my sessions and anything malformed, and lets online win over away', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { status: 'online' }],
      [2, { presence: { ann: 'away', bob: 'online', eve: 'lurking' } }],
      [3, { presence: { ann: 'online', bob: 'away', cid: 'away' } }],
      [4, { presence: 'nonsense' }],
    ]);
    expect(serverPresence(states)).toEqual({ ann: 'online', bob: 'online', cid: 'away' });
  });

  it('knows nobody when the server said nothing', () => {
    expect(serverPresence(new Map())).toEqual({});
  });
});
