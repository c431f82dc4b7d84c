/**
 * The ops I made that are not settled, as one observable view whichever way they travel: undecided
 * (waiting for a socket or for their rate), refused (kept with their reason until retried or
 * discarded) and accepted (until `settle`: a timeline overlays them until the server's change shows).
 * The op-frame queue (frame-outbox.ts) is one; the user document's outbox, when ops go that way, the other
 * (outbox-pending.ts). Apart from both, so that an app shows the count without loading either.
 */
import type { OutboxEntry } from '@volley/shared';
import type { Listeners } from './listeners.js';
import type { PendingOp } from './outbox.js';

export interface PendingOps {
  /** Op id → the op, with its outcome once decided (`status`, `seq` or `reason`/`detail`). */
  entries(): ReadonlyMap<string, OutboxEntry>;
  /** Fires whenever an entry comes, changes or goes. */
  readonly changed: Listeners<[]>;
  /** Sends a refused op again, under a new id (the old one is spent); null when there is no such op. */
  retry(id: string): PendingOp | null;
  /** Drops a refused op. */
  discard(id: string): void;
  /** Drops decided ops that need no showing any more. */
  settle(ids: readonly string[]): void;
}

/** The ops not answered yet among `entries` (a rate-limited one included: it is sent again by itself). */
export function undecided(entries: ReadonlyMap<string, OutboxEntry>): number {
  let count = 0;
  entries.forEach((entry) => (count += entry.status === undefined || entry.reason === 'rate_limited' ? 1 : 0));
  return count;
}
