import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadMessages, setLocale } from './i18n.js';
import { formatTimeLeft, timeLeft } from './time-left.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('time left', () => {
  // Its words are in the catalogue's later part, which what shows a time left (a refusal, a ban) comes with.
  beforeAll(() => loadMessages('later'));
  afterEach(() => setLocale('en'));

  it('rounds up to whole minutes, then hours past two hours, then days past two days', () => {
    expect(timeLeft(at(8 * 60_000 + 30_000), now)).toEqual({ unit: 'minute', count: 9 });
    expect(timeLeft(at(1_000), now)).toEqual({ unit: 'minute', count: 1 });
    expect(timeLeft(at(119 * 60_000), now)).toEqual({ unit: 'minute', count: 119 });
    expect(timeLeft(at(5 * 3_600_000 + 1), now)).toEqual({ unit: 'hour', count: 6 });
    expect(timeLeft(at(7 * 86_400_000), now)).toEqual({ unit: 'day', count: 7 });
  });

  it('is nothing once the time has passed or when it is not a time', () => {
    expect(timeLeft(at(0), now)).toBeNull();
    expect(timeLeft(at(-60_000), now)).toBeNull();
    expect(timeLeft('soon', now)).toBeNull();
  });

  it('reads naturally in English and French, singular and plural', async () => {
    expect(formatTimeLeft({ unit: 'minute', count: 9 })).toBe('9 more minutes');
    expect(formatTimeLeft({ unit: 'minute', count: 1 })).toBe('1 more minute');
    await setLocale('fr');
    expect(formatTimeLeft({ unit: 'hour', count: 2 })).toBe('encore 2 heures');
    expect(formatTimeLeft({ unit: 'day', count: 1 })).toBe('encore 1 jour');
  });
});
