/**
 * The ops I made that are not settled, as one observable view whichever way they travel: undecided
 * (waiting for a socket or for their rate), refused (kept with their reason until retried or
 * discarded) and accepted (until `settle`: a timeline overlays them until the server's change shows).
 * The op-frame queue (frame-outbox.ts) is one; the user document's outbox, when ops go that way, the other.
 */
import { UserDoc, type OutboxEntry } from '@volley/shared';
import type * as Y from 'yjs';
import { Listeners } from './listeners.js';
import { opOf, outboxOf, type PendingOp } from './outbox.js';

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

/** The user document's outbox as pending ops. */
export class OutboxPending implements PendingOps {
  readonly changed = new Listeners<[]>();
  readonly #map: Y.Map<OutboxEntry>;

  constructor(private readonly userDoc: Y.Doc) {
    this.#map = UserDoc.outbox(userDoc);
    this.#map.observe(() => this.changed.emit());
  }

  entries(): ReadonlyMap<string, OutboxEntry> {
    return new Map(this.#map.entries());
  }

  retry(id: string): PendingOp | null {
    const entry = this.#map.get(id);
    if (!entry) return null;
    let pending: PendingOp | null = null;
    this.userDoc.transact(() => {
      this.#map.delete(id);
      pending = outboxOf(this.userDoc).queue(opOf(entry));
    });
    return pending;
  }

  discard(id: string): void {
    this.#map.delete(id);
  }

  settle(ids: readonly string[]): void {
    if (ids.length > 0) this.userDoc.transact(() => ids.forEach((id) => this.#map.delete(id)));
  }
}
