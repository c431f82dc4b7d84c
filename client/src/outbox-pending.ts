/** The user document's outbox as pending ops (pending-ops.ts), when ops go that way rather than as op frames. */
import { UserDoc, type OutboxEntry } from '@volley/shared';
import type * as Y from 'yjs';
import { Listeners } from './listeners.js';
import { opOf, outboxOf, type PendingOp } from './outbox.js';
import type { PendingOps } from './pending-ops.js';

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
