/**
 * Who the site refuses (docs/architecture.md §5, "Site administration"): banned accounts, banned
 * address ranges, ended sessions (a kick, a reset, a sign-out, a session ended from another
 * one) and closed accounts (deleted people and bots: "Closing an account"). Asked on every request and socket, so it is held in memory: loaded at start, reloaded on
 * `site.changed` and every `reloadMs` (expiries, and a process that missed the event); the sessions
 * an event names are refused as it arrives. Listeners learn of each change, to close sockets now refused.
 */
import ipaddr from 'ipaddr.js';
import type { Db } from './db/connect.js';
import type { DomainEvents } from './events.js';
import type { Logger } from './logger.js';

/** `note`: the ban's reason as its moderator wrote it, for the banned to read. */
export type GateRefusal = { reason: 'banned' | 'address_banned' | 'session_ended'; until: Date | null; note?: string };

/** Who asks: `sessionId` is an access token's refresh family; a token without one (a bot's) is judged by `issuedAt` (ms). */
export type GateSubject = { address?: string | null; userId?: string; issuedAt?: number; sessionId?: string };

type Range = { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; until: Date | null; note: string };

const SEEN_EVERY_MS = 5 * 60_000;

export class SiteGate {
  private users = new Map<string, { until: Date | null; note: string }>();
  private ranges: Range[] = [];
  private kicks = new Map<string, number>();
  /** Refresh families ended within the access tokens' lifetime → when (ms): their access tokens are refused. */
  private readonly endedSessions = new Map<string, number>();
  /**
   * Accounts closed within the access tokens' lifetime → when (ms): every token of theirs is refused,
   * whatever rows their closing missed. A bot token, which does not expire, is refused by its own
   * lookup (bot-tokens.ts) after that.
   */
  private readonly closed = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  /** userId → where and when it was last written, so that a busy user costs a write per SEEN_EVERY_MS, not per socket. */
  private readonly lastSeen = new Map<string, { address: string; at: number }>();
  private stopEvents: (() => Promise<void>) | undefined;

  /** `rememberSeconds`: how long an ended session is remembered, since no access token of it lives longer. */
  private constructor(
    private readonly db: Db,
    private readonly rememberSeconds: number,
  ) {}

  /** Loaded, and kept current from `events` (when given) and every `reloadMs`. */
  static async open(db: Db, options: { events?: DomainEvents; log?: Logger; reloadMs?: number; accessTokenTtl?: number } = {}): Promise<SiteGate> {
    // A minute more than a token lives, for the clocks of the database and the processes to differ.
    const gate = new SiteGate(db, (options.accessTokenTtl ?? 86_400) + 60);
    await gate.reload();
    const reload = () => gate.reload().catch((err: unknown) => options.log?.error({ err }, 'reloading the site bans failed'));
    gate.stopEvents = await options.events?.subscribe((event) => {
      if (event.type === 'account.deleted') return gate.accountsClosed([event.userId]);
      if (event.type !== 'site.changed') return;
      // Refused before the reload's round trip: the process that ended them answers its next request with a 401.
      if (event.endedSessions?.length) gate.sessionsEnded(event.endedSessions);
      void reload();
    });
    gate.timer = setInterval(reload, options.reloadMs ?? 30_000).unref();
    return gate;
  }

  /** A refusal for a request or socket from `address` by `userId` with a token of `sessionId`, or issued at `issuedAt` (ms). */
  refuse(who: GateSubject, now = Date.now()): GateRefusal | null {
    if (who.address) {
      const ban = this.rangeOf(who.address, now);
      if (ban) return { reason: 'address_banned', until: ban.until, note: ban.note };
    }
    if (!who.userId) return null;
    if (this.closed.has(who.userId)) return { reason: 'session_ended', until: null };
    const ban = this.users.get(who.userId);
    if (ban && (ban.until === null || ban.until.getTime() > now)) return { reason: 'banned', until: ban.until, note: ban.note };
    // A session is ended as a whole, never by a time: a sign-in in the second of a kick is a new session and lives.
    if (who.sessionId !== undefined) return this.endedSessions.has(who.sessionId) ? { reason: 'session_ended', until: null } : null;
    const kickedAt = this.kicks.get(who.userId);
    if (kickedAt !== undefined && who.issuedAt !== undefined && who.issuedAt < kickedAt) return { reason: 'session_ended', until: null };
    return null;
  }

  /** Whether the account was closed (deleted) lately enough for a token of it to be still alive. */
  isClosed(userId: string): boolean {
    return this.closed.has(userId);
  }

  /** Refuses every token of these accounts from now on, and tells the listeners (their sockets close). */
  private accountsClosed(userIds: readonly string[], now = Date.now()): void {
    for (const id of userIds) this.closed.set(id, now);
    for (const listener of this.listeners) listener();
  }

  /** Refuses these sessions (refresh families) from now on, and tells the listeners. */
  private sessionsEnded(sessionIds: readonly string[], now = Date.now()): void {
    for (const id of sessionIds) this.endedSessions.set(id, now);
    for (const listener of this.listeners) listener();
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
      `select user_id, host(address) || '/' || masklen(address) as address, until, reason from site_bans
       where lifted_at is null and (until is null or until > now())`,
    )) as { rows: { user_id: string | null; address: string | null; until: Date | null; reason: string | null }[] };
    const kicked = (await this.db.raw(`select id, tokens_valid_after from users where tokens_valid_after > now() - interval '1 day'`)) as {
      rows: { id: string; tokens_valid_after: Date }[];
    };
    // Revoking a session revokes its every token at once (services/refresh-tokens.ts), so a revoked token names an ended family.
    const ended = (await this.db.raw(`select family_id, max(revoked_at) as at from refresh_tokens where revoked_at > now() - ? * interval '1 second' group by family_id`, [this.rememberSeconds])) as {
      rows: { family_id: string; at: Date }[];
    };
    const closed = (await this.db.raw(`select id, deleted_at from users where deleted_at > now() - ? * interval '1 second'`, [this.rememberSeconds])) as {
      rows: { id: string; deleted_at: Date }[];
    };
    const users = new Map<string, { until: Date | null; note: string }>();
    const ranges: Range[] = [];
    for (const ban of bans.rows) {
      const until = ban.until && new Date(ban.until);
      const note = ban.reason ?? '';
      if (ban.user_id) users.set(ban.user_id, { until, note });
      else if (ban.address) ranges.push({ range: ipaddr.parseCIDR(ban.address), until, note });
    }
    this.users = users;
    this.ranges = ranges;
    this.kicks = new Map(kicked.rows.map((row) => [row.id, new Date(row.tokens_valid_after).getTime()]));
    // Merged, never replaced: a session an event named stays refused even if this reload's query ran before its commit.
    for (const row of ended.rows) this.endedSessions.set(row.family_id, new Date(row.at).getTime());
    for (const row of closed.rows) this.closed.set(row.id, new Date(row.deleted_at).getTime());
    const forgetBefore = Date.now() - this.rememberSeconds * 1000;
    for (const remembered of [this.endedSessions, this.closed]) for (const [id, at] of remembered) if (at < forgetBefore) remembered.delete(id);
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
