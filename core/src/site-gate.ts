/**
 * Who the site refuses (docs/architecture.md §5, "Site administration"): banned accounts, banned
 * address ranges, and sessions ended by a site kick. Asked on every request and socket, so it is
 * held in memory: loaded at start, reloaded on `site.changed` and every `reloadMs` (expiries, and a
 * process that missed the event). Listeners learn of each reload, to close sockets now refused.
 */
import ipaddr from 'ipaddr.js';
import type { Db } from './db/connect.js';
import type { DomainEvents } from './events.js';
import type { Logger } from './logger.js';

export type GateRefusal = { reason: 'banned' | 'address_banned' | 'kicked'; until: Date | null };

type Range = { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; until: Date | null };

const SEEN_EVERY_MS = 5 * 60_000;

export class SiteGate {
  private users = new Map<string, Date | null>();
  private ranges: Range[] = [];
  private kicks = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  /** userId → where and when it was last written, so that a busy user costs a write per SEEN_EVERY_MS, not per socket. */
  private readonly lastSeen = new Map<string, { address: string; at: number }>();
  private stopEvents: (() => Promise<void>) | undefined;

  private constructor(private readonly db: Db) {}

  /** Loaded, and kept current from `events` (when given) and every `reloadMs`. */
  static async open(db: Db, options: { events?: DomainEvents; log?: Logger; reloadMs?: number } = {}): Promise<SiteGate> {
    const gate = new SiteGate(db);
    await gate.reload();
    const reload = () => gate.reload().catch((err: unknown) => options.log?.error({ err }, 'reloading the site bans failed'));
    gate.stopEvents = await options.events?.subscribe((event) => event.type === 'site.changed' && void reload());
    gate.timer = setInterval(reload, options.reloadMs ?? 30_000).unref();
    return gate;
  }

  /** A refusal for a request or socket from `address` by `userId` with a token issued at `issuedAt` (ms). */
  refuse(who: { address?: string | null; userId?: string; issuedAt?: number }, now = Date.now()): GateRefusal | null {
    if (who.address) {
      const ban = this.rangeOf(who.address, now);
      if (ban) return { reason: 'address_banned', until: ban.until };
    }
    if (!who.userId) return null;
    if (this.users.has(who.userId)) {
      const until = this.users.get(who.userId)!;
      if (until === null || until.getTime() > now) return { reason: 'banned', until };
    }
    const kickedAt = this.kicks.get(who.userId);
    if (kickedAt !== undefined && who.issuedAt !== undefined && who.issuedAt < kickedAt) return { reason: 'kicked', until: null };
    return null;
  }

  /** Records where the user was seen (sign-in, refresh, socket), for the admins and the audit log. */
  async seen(userId: string, address: string | null, now = Date.now()): Promise<void> {
    if (!address) return;
    const last = this.lastSeen.get(userId);
    if (last?.address === address && now - last.at < SEEN_EVERY_MS) return;
    if (this.lastSeen.size >= 100_000) this.lastSeen.clear();
    this.lastSeen.set(userId, { address, at: now });
    await this.db('users').where({ id: userId }).update({ last_address: address, last_seen_at: new Date(now) });
  }

  /** Called after every reload: holders of sockets ask `refuse` again for each. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async reload(): Promise<void> {
    const bans = (await this.db.raw(
      `select user_id, host(address) || '/' || masklen(address) as address, until from site_bans
       where lifted_at is null and (until is null or until > now())`,
    )) as { rows: { user_id: string | null; address: string | null; until: Date | null }[] };
    const kicked = (await this.db.raw(`select id, tokens_valid_after from users where tokens_valid_after > now() - interval '1 day'`)) as {
      rows: { id: string; tokens_valid_after: Date }[];
    };
    const users = new Map<string, Date | null>();
    const ranges: Range[] = [];
    for (const ban of bans.rows) {
      if (ban.user_id) users.set(ban.user_id, ban.until && new Date(ban.until));
      else if (ban.address) ranges.push({ range: ipaddr.parseCIDR(ban.address), until: ban.until && new Date(ban.until) });
    }
    this.users = users;
    this.ranges = ranges;
    this.kicks = new Map(kicked.rows.map((row) => [row.id, new Date(row.tokens_valid_after).getTime()]));
    for (const listener of this.listeners) listener();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.stopEvents?.();
  }

  private rangeOf(address: string, now: number): Range | undefined {
    if (this.ranges.length === 0 || !ipaddr.isValid(address)) return undefined;
    const parsed = ipaddr.process(address);
    return this.ranges.find(({ range, until }) => (until === null || until.getTime() > now) && parsed.kind() === range[0].kind() && parsed.match(range));
  }
}
