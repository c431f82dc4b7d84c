/** Who plays whom (pure): each queued player's rating window widens with their wait. */

export interface QueueEntry {
  userId: string;
  /** One per join: a second tab's entry replaces the first's, and a stale leave removes nothing. */
  ticket: string;
  rating: number;
  /** Epoch ms. */
  joinedAt: number;
}

export interface WindowRule {
  /** ± rating at first. */
  start: number;
  /** Added after each `widenEveryMs` of waiting… */
  widenBy: number;
  widenEveryMs: number;
  /** …up to this. */
  max: number;
}

export const DEFAULT_WINDOW: WindowRule = { start: 50, widenBy: 25, widenEveryMs: 1000, max: 500 };

/** The ± rating a player accepts after waiting `waitedMs`: it grows in steps, so clients are told of each. */
export const windowAfter = (rule: WindowRule, waitedMs: number): number =>
  Math.min(rule.max, rule.start + rule.widenBy * Math.floor(Math.max(0, waitedMs) / rule.widenEveryMs));

/**
 * Pairs in order of waiting: the longest-waiting player first takes the closest rating that each
 * one's window admits; never a player with themself nor two who `blocked` each other. The first of
 * a pair waited longer (the left side).
 */
export function pairUp(entries: QueueEntry[], now: number, rule: WindowRule, blocked: (a: string, b: string) => boolean): [QueueEntry, QueueEntry][] {
  const waiting = [...entries].sort((a, b) => a.joinedAt - b.joinedAt || (a.userId < b.userId ? -1 : 1));
  const taken = new Set<string>();
  const pairs: [QueueEntry, QueueEntry][] = [];
  for (const a of waiting) {
    if (taken.has(a.userId)) continue;
    const windowA = windowAfter(rule, now - a.joinedAt);
    let best: QueueEntry | undefined;
    for (const b of waiting) {
      if (b.userId === a.userId || taken.has(b.userId)) continue;
      const gap = Math.abs(a.rating - b.rating);
      if (gap > windowA || gap > windowAfter(rule, now - b.joinedAt) || blocked(a.userId, b.userId)) continue;
      if (!best || gap < Math.abs(a.rating - best.rating)) best = b;
    }
    if (!best) continue;
    taken.add(a.userId).add(best.userId);
    pairs.push([a, best]);
  }
  return pairs;
}
