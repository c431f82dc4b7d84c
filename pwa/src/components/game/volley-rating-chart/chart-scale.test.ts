import { describe, expect, it } from 'vitest';
import { scaleRatings } from './chart-scale.js';

const box = { width: 200, height: 100, pad: 10 };

describe('the rating chart scale', () => {
  it('spreads the matches across the width and puts the highest rating at the top, the lowest at the bottom', () => {
    const { points, min, max } = scaleRatings([1000, 1100, 1050], box);
    expect([min, max]).toEqual([1000, 1100]);
    expect(points).toEqual([
      [10, 90],
      [100, 10],
      [190, 50],
    ]);
  });

  it('widens a flat history around its value instead of dividing by zero', () => {
    const { points, min, max } = scaleRatings([1000, 1000], box);
    expect([min, max]).toEqual([990, 1010]);
    expect(points).toEqual([
      [10, 50],
      [190, 50],
    ]);
  });

  it('centres a single match and has nothing to draw without one', () => {
    expect(scaleRatings([1016], box).points).toEqual([[100, 50]]);
    expect(scaleRatings([], box).points).toEqual([]);
  });
});
