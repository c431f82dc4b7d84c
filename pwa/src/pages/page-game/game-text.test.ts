import { beforeAll, describe, expect, it } from 'vitest';
import type { GamePlayer, Side } from '@volley/shared';
import type { Result } from '../../game/game-client.js';
import { loadMessages } from '../../i18n/i18n.js';
import { endedText, resultView } from './game-text.js';

const players: [GamePlayer, GamePlayer] = [
  { id: 'a', username: 'alice', displayName: 'Alice', rating: 1000 },
  { id: 'b', username: 'bob', displayName: 'Bob', rating: 1000 },
];
const result: Result = { t: 'over', winner: 0, reason: 'forfeit', score: [3, 1], ratings: [{ before: 1000, after: 1016 }, { before: 1000, after: 984 }], matchId: 'm' };

describe('the result of a game in words', () => {
  // The game page's route loads its part of the catalogue with it.
  beforeAll(() => Promise.all([loadMessages('pages'), loadMessages('later')]));

  it('tells each player and the spectators who won, the score and the ratings', () => {
    expect(resultView(result, players, 0, new Set()).heading).toBe('You won!');
    expect(resultView(result, players, 1, new Set()).heading).toBe('You lost.');
    const watched = resultView(result, players, null, new Set());
    expect(watched.heading).toBe('Alice wins');
    expect(watched.lines).toEqual(['Alice beat Bob 3–1 (forfeit)', 'Alice: 1000 → 1016 (+16)', 'Bob: 1000 → 984 (-16)']);
    expect(watched.rematch).toBeNull();
  });

  it('writes the score the winner’s points first, whichever side won', () => {
    const right: Result = { ...result, winner: 1, reason: 'score', score: [1, 3] };
    expect(resultView(right, players, 0, new Set()).lines[0]).toBe('Bob beat Alice 3–1');
    expect(resultView(right, players, 1, new Set()).lines[0]).toBe('Bob beat Alice 3–1');
  });

  it('offers a rematch, says when it waits, and when the other player asked first', () => {
    const none = new Set<Side>();
    expect(resultView(result, players, 0, none).rematch).toEqual({ label: 'Rematch', waiting: false, note: '' });
    expect(resultView(result, players, 0, new Set<Side>([0])).rematch).toEqual({ label: 'Rematch', waiting: true, note: 'Rematch offered — waiting for Bob…' });
    expect(resultView(result, players, 0, new Set<Side>([1])).rematch).toEqual({ label: 'Accept the rematch', waiting: false, note: 'Bob wants a rematch.' });
  });

  it('explains why the game cannot be shown', () => {
    expect(endedText('no_such_room')).toBe('This game does not exist.');
    expect(endedText('forbidden')).toBe('You cannot open this game.');
    expect(endedText('replaced')).toBe('This game is now open in another tab or window.');
    expect(endedText('rate_limited')).toBe('The game server refused the connection.');
    expect(endedText('host_lost')).toBe('The server running this game stopped: the game is called off, ratings unchanged.');
  });
});
