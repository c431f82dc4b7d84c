/** Where a rating history's points go in a chart box (pure): one step per match, ratings between the lowest and highest. */

export interface ChartBox {
  width: number;
  height: number;
  /** Space kept free on every side (the line's width, the axis labels). */
  pad: number;
}

export interface ChartScale {
  points: [number, number][];
  min: number;
  max: number;
}

/** Below this spread the line would exaggerate a few points of change: the scale is widened around the middle. */
const MIN_SPREAD = 20;

export function scaleRatings(ratings: readonly number[], { width, height, pad }: ChartBox): ChartScale {
  if (ratings.length === 0) return { points: [], min: 0, max: 0 };
  let min = Math.min(...ratings);
  let max = Math.max(...ratings);
  if (max - min < MIN_SPREAD) {
    const middle = (min + max) / 2;
    min = Math.floor(middle - MIN_SPREAD / 2);
    max = min + MIN_SPREAD;
  }
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const step = ratings.length > 1 ? innerW / (ratings.length - 1) : 0;
  const points = ratings.map((r, i): [number, number] => [
    round(ratings.length > 1 ? pad + i * step : width / 2),
    round(pad + ((max - r) / (max - min)) * innerH),
  ]);
  return { points, min, max };
}

const round = (n: number): number => Math.round(n * 10) / 10;
