/**
 * My ops not settled yet, as the client library shows them (`VolleyClient.pendingOps`: its op
 * queue, kept in IndexedDB): pending, refused with their reason, accepted until the message shows
 * them. Re-renders the host whenever they change.
 */
import type { PendingOps, VolleyClient } from '@volley/client';
import type { OutboxEntry } from '@volley/shared';
import type { ReactiveControllerHost } from 'lit';
import { ChangingSourceController } from './changing-source-controller.js';

export class PendingOpsController extends ChangingSourceController<PendingOps, ReadonlyMap<string, OutboxEntry>> {
  constructor(host: ReactiveControllerHost, volley: () => VolleyClient | undefined, signedIn: () => boolean) {
    super(
      host,
      () => {
        const client = volley();
        return client?.user && signedIn() ? client.pendingOps() : null;
      },
      (ops) => ops?.entries() ?? new Map(),
    );
  }

  /** The view, once someone is signed in. */
  get ops(): PendingOps | null {
    return this.source;
  }

  entries(): ReadonlyMap<string, OutboxEntry> {
    return this.current;
  }
}
