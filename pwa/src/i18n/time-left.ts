/** "9 more minutes": how long until a time, rounded up, in the largest unit that reads well. */
import { msg } from './i18n.js';

export interface TimeLeft {
  unit: 'minute' | 'hour' | 'day';
  count: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Null when the time is invalid or already past. Minutes below 2 hours, hours below 2 days, then days. */
export function timeLeft(untilIso: string, now = Date.now()): TimeLeft | null {
  const left = new Date(untilIso).getTime() - now;
  if (!(left > 0)) return null;
  if (left < 2 * HOUR) return { unit: 'minute', count: Math.ceil(left / MINUTE) };
  if (left < 2 * DAY) return { unit: 'hour', count: Math.ceil(left / HOUR) };
  return { unit: 'day', count: Math.ceil(left / DAY) };
}

export function formatTimeLeft({ unit, count }: TimeLeft): string {
  return msg(`timeLeft.${unit}`, { count });
}
