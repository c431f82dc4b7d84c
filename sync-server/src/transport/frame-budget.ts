/**
 * SYNC_BUDGETS enforced: each socket spends from its own buckets and from its user's, shared by
 * every socket of that user in this process (a user opening many sockets, or reopening one, gets
 * no more). Buckets are made on a kind's first frame: an idle socket holds none.
 */
import { FrameBuckets, SYNC_BUDGETS, type SyncFrameKind } from '@volley/shared';

class Buckets {
  private readonly kinds = new Map<SyncFrameKind, FrameBuckets>();

  constructor(private readonly scope: 'socket' | 'user') {}

  take(kind: SyncFrameKind, bytes: number, now: number): boolean {
    let buckets = this.kinds.get(kind);
    if (!buckets) {
      buckets = new FrameBuckets(SYNC_BUDGETS[kind][this.scope], now);
      this.kinds.set(kind, buckets);
    }
    return buckets.take(bytes, now);
  }
}

/**
 * How long a user's buckets take to fill up again, whatever was spent: until then they are kept
 * after the user's last socket here closes, so that reconnecting brings no fresh burst.
 */
const USER_REFILL_MS = Math.max(
  ...Object.values(SYNC_BUDGETS).flatMap(({ user }) => [user.frames, user.bytes].map(({ perSecond, burst }) => (1000 * burst) / perSecond)),
);

/** The user buckets of this process, kept while the user has a socket here and USER_REFILL_MS after. */
const users = new Map<string, { buckets: Buckets; sockets: number; forget?: NodeJS.Timeout }>();

export class SocketBudget {
  private readonly own = new Buckets('socket');
  private readonly user: Buckets;

  constructor(private readonly userId: string) {
    const entry = users.get(userId) ?? { buckets: new Buckets('user'), sockets: 0 };
    clearTimeout(entry.forget);
    entry.sockets++;
    users.set(userId, entry);
    this.user = entry.buckets;
  }

  /** Spends a frame of `bytes`; false once the socket or its user is over budget. */
  take(kind: SyncFrameKind, bytes: number, now = Date.now()): boolean {
    return this.own.take(kind, bytes, now) && this.user.take(kind, bytes, now);
  }

  release(): void {
    const entry = users.get(this.userId);
    if (!entry || --entry.sockets > 0) return;
    entry.forget = setTimeout(() => entry.sockets === 0 && users.delete(this.userId), USER_REFILL_MS).unref();
  }
}
