import { describe, expect, it } from 'vitest';
import type { Notification } from '@volley/shared';
import { FRESH_MS, gameToJoin } from './game-ready.js';

const opponent = { id: 'b', username: 'bob', displayName: 'Bob' };
const ready = (at: string, read?: boolean): Notification => ({ id: 'n1', kind: 'game_ready', at, gameId: 'g1', opponent, ...(read ? { read } : {}) });
const now = Date.parse('2026-01-01T00:00:10Z');

describe('a game_ready notification', () => {
  it('takes me into the game when it just arrived', () => {
    expect(gameToJoin(ready('2026-01-01T00:00:09Z'), now)).toBe('g1');
  });

  it('does not when it is old, already read, or another kind', () => {
    expect(gameToJoin(ready(new Date(now - FRESH_MS - 1).toISOString()), now)).toBeNull();
    expect(gameToJoin(ready('2026-01-01T00:00:09Z', true), now)).toBeNull();
    expect(gameToJoin({ id: 'n2', kind: 'friend_accepted', at: '2026-01-01T00:00:09Z', by: opponent }, now)).toBeNull();
    expect(gameToJoin(undefined, now)).toBeNull();
  });
});
