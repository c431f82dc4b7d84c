/**
 * Hides the messages of people I blocked: each run of consecutive messages from blocked authors
 * becomes one placeholder ("N messages from a blocked user"), unless I revealed that run.
 */
import type { TimelineItem } from './timeline.js';

export type TimelineEntry =
  | { kind: 'message'; item: TimelineItem }
  /** `key`: the id of the run's first message, stable while messages are appended after it. */
  | { kind: 'blocked'; key: string; items: TimelineItem[] };

export function hideBlocked(items: readonly TimelineItem[], blocked: ReadonlySet<string>, revealed: ReadonlySet<string>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let run: Extract<TimelineEntry, { kind: 'blocked' }> | null = null;
  for (const item of items) {
    if (!blocked.has(item.author) || item.mine) {
      run = null;
      entries.push({ kind: 'message', item });
    } else if (run) {
      run.items.push(item);
    } else {
      run = { kind: 'blocked', key: item.id, items: [item] };
      entries.push(run);
    }
  }
  return entries.flatMap((entry) =>
    entry.kind === 'blocked' && revealed.has(entry.key) ? entry.items.map((item) => ({ kind: 'message' as const, item })) : [entry],
  );
}
