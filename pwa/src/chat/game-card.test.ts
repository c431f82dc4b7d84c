import { describe, expect, it } from 'vitest';
import type { MessageGame } from '@volley/shared';
import { outcome, roleOn, secondsLeft, shownState } from './game-card.js';

const game = (extra: Partial<MessageGame> = {}): MessageGame => ({
  id: 'g1',
  players: [
    { id: 'a', username: 'alice' },
    { id: 'b', username: 'bob' },
  ],
  settings: { ballSpeed: 'normal', paddleSize: 'normal', scoreLimit: 11 },
  state: 'pending',
  expiresAt: '2026-01-01T00:01:00.000Z',
  ...extra,
});
const at = (iso: string) => Date.parse(iso);

describe('an invitation card', () => {
  it('counts down to the expiry in whole seconds, then shows expired before the server says so', () => {
    expect(secondsLeft(game(), at('2026-01-01T00:00:00.000Z'))).toBe(60);
    expect(secondsLeft(game(), at('2026-01-01T00:00:59.001Z'))).toBe(1);
    expect(shownState(game(), at('2026-01-01T00:00:59.001Z'))).toBe('pending');
    expect(secondsLeft(game(), at('2026-01-01T00:01:00.000Z'))).toBe(0);
    expect(shownState(game(), at('2026-01-01T00:01:05.000Z'))).toBe('expired');
  });

  it('keeps the server state once answered, whatever the time', () => {
    expect(shownState(game({ state: 'accepted' }), at('2026-01-02T00:00:00.000Z'))).toBe('accepted');
    expect(shownState(game({ state: 'declined' }), at('2026-01-01T00:00:00.000Z'))).toBe('declined');
  });

  it('knows who is looking at it', () => {
    expect(roleOn(game(), 'a')).toBe('inviter');
    expect(roleOn(game(), 'b')).toBe('invited');
    expect(roleOn(game(), 'c')).toBe('other');
  });

  it('gives the winner first with the score in that order, nothing before the end', () => {
    expect(outcome(game({ state: 'accepted' }))).toBeNull();
    expect(outcome(game({ state: 'finished', score: [3, 11], winnerId: 'b', reason: 'score' }))).toEqual({ winner: 'bob', loser: 'alice', score: '11–3', forfeit: false });
    expect(outcome(game({ state: 'finished', score: [1, 0], winnerId: 'a', reason: 'forfeit' }))).toMatchObject({ winner: 'alice', score: '1–0', forfeit: true });
  });
});
