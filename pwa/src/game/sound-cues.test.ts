import type { Snapshot } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { snapshotSounds, soundOf } from './sound-cues.js';

const snap = (over: Partial<Record<number, number | string>>): Snapshot => {
  const s: Snapshot = [10, 'playing', 0, 400, 250, 7, 2, 250, 250, 0, 0, 0, 0];
  for (const [i, v] of Object.entries(over)) (s as unknown[])[Number(i)] = v;
  return s;
};

describe('the sounds of a game', () => {
  it('hears a paddle, a wall, a point and the end in snapshots', () => {
    expect(snapshotSounds(snap({}), snap({ 0: 11 }))).toEqual([]);
    expect(snapshotSounds(snap({}), snap({ 5: -7 }))).toEqual(['paddle']);
    expect(snapshotSounds(snap({}), snap({ 6: -2 }))).toEqual(['wall']);
    expect(snapshotSounds(snap({}), snap({ 1: 'countdown', 5: -7, 9: 1 }))).toEqual(['point']);
    expect(snapshotSounds(snap({ 9: 10 }), snap({ 1: 'over', 9: 11 }))).toEqual(['win']);
    // The serve after a countdown is no bounce.
    expect(snapshotSounds(snap({ 1: 'countdown', 5: 7 }), snap({ 5: -7 }))).toEqual([]);
  });

  it('gives each event of the physics its sound', () => {
    expect(soundOf({ type: 'paddle', side: 0 })).toBe('paddle');
    expect(soundOf({ type: 'wall' })).toBe('wall');
    expect(soundOf({ type: 'point', side: 1 })).toBe('point');
    expect(soundOf({ type: 'over', winner: 1 })).toBe('win');
  });
});
