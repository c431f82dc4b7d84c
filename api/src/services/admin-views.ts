/** What the admin page reads: users with their role and last address, the bans in force, the audit log. */
import { fieldProblem } from '@volley/shared';
import { normalRange, type Db } from '@volley/core';
import type { AdminUserView, AuditAction, AuditEntryView, AuditPage, ConversationKind, SiteBanView } from '@volley/shared';
import { apiError } from '../errors.js';
import { likePrefix } from '../like-prefix.js';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

type UserRow = { id: string; username: string; display_name: string; role: AdminUserView['role']; last_address: string | null; last_seen_at: Date | null; created_at: Date; banned_until: string | null };

export async function adminUsers(db: Db, q: string | undefined): Promise<AdminUserView[]> {
  const rows: UserRow[] = await db('users as u')
    .select('u.id', 'u.username', 'u.display_name', 'u.role', db.raw('host(u.last_address) as last_address'), 'u.last_seen_at', 'u.created_at')
    // 'never' for a ban until lifted, else when the last one ends (ISO), null when none is in force.
    .select(
      db.raw(`(select case when count(*) = 0 then null when bool_or(b.until is null) then 'never'
        else to_char(max(b.until) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end
        from site_bans b where b.user_id = u.id and b.lifted_at is null and (b.until is null or b.until > now())) as banned_until`),
    )
    .modify((query) => {
      if (q) query.whereRaw('lower(u.username) like ?', [likePrefix(q)]);
    })
    .orderBy('u.username')
    .limit(100);
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    lastAddress: r.last_address,
    lastSeenAt: iso(r.last_seen_at),
    createdAt: iso(r.created_at)!,
    bannedUntil: r.banned_until,
  }));
}

export async function siteBans(db: Db): Promise<SiteBanView[]> {
  const rows = await db('site_bans as b')
    .leftJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('users as by', 'by.id', 'b.by_user_id')
    .whereNull('b.lifted_at')
    .where((w) => w.whereNull('b.until').orWhere('b.until', '>', db.fn.now()))
    .select('b.id', 'b.user_id', 'u.username', db.raw(`host(b.address) || '/' || masklen(b.address) as address`), 'b.reason', 'by.username as by', 'b.created_at', 'b.until')
    .orderBy('b.id', 'desc');
  return rows.map((r) => ({
    id: r.id,
    user: r.user_id ? { id: r.user_id, username: r.username } : null,
    address: r.address,
    reason: r.reason,
    by: r.by ?? null,
    createdAt: iso(r.created_at)!,
    until: iso(r.until),
  }));
}

export type AuditFilter = { user?: string | undefined; address?: string | undefined; action?: AuditAction | undefined; before?: string | undefined; limit: number };

/**
 * The audit log with the messages read in: admin and moderation acts from `audit_log`, and each
 * message as `message.sent` by its author, from the address it was sent from. Newest first. The
 * server's own lines (`system`: a tournament's pairings and results) are no one's act and not listed.
 */
export async function auditPage(db: Db, filter: AuditFilter): Promise<AuditPage> {
  const range = filter.address === undefined ? undefined : normalRange(filter.address);
  if (range === null) throw apiError('validation_failed', { fields: { address: [fieldProblem('address_format')] } });
  const userId = filter.user === undefined ? undefined : ((await db('users').whereRaw('lower(username) = lower(?)', [filter.user]).first('id')) as { id: string } | undefined)?.id;
  if (filter.user !== undefined && !userId) return { entries: [], next: null };

  const acts = db('audit_log')
    .select('id', 'at', 'action', 'actor_id', 'actor_address as address', 'target_user_id', db.raw(`host(target_address) || '/' || masklen(target_address) as target_address`), 'conversation_id', 'detail')
    .modify((q) => {
      if (userId) q.where((w) => w.where('actor_id', userId).orWhere('target_user_id', userId));
      if (range) q.whereRaw('actor_address <<= ?::inet', [range]);
      if (filter.action) q.where('action', filter.action);
      if (filter.before) q.where('id', '<', filter.before);
    })
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  const sends = db('messages')
    .select(
      'id',
      'created_at as at',
      db.raw(`'message.sent' as action`),
      'author_id as actor_id',
      'sent_from as address',
      db.raw('null as target_user_id'),
      db.raw('null as target_address'),
      'conversation_id',
      db.raw(`jsonb_build_object('messageId', id, 'kind', kind, 'body', case when deleted_at is null and kind <> 'encrypted' then left(body, 500) else null end, 'deleted', deleted_at is not null) as detail`),
    )
    .whereNot('kind', 'system')
    .modify((q) => {
      if (userId) q.where('author_id', userId);
      if (range) q.whereRaw('sent_from <<= ?::inet', [range]);
      if (filter.before) q.where('id', '<', filter.before);
    })
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  const parts = filter.action === undefined ? [acts, sends] : filter.action === 'message.sent' ? [sends] : [acts];
  const rows = (await db
    .select('e.*', 'a.username as actor_username', 't.username as target_username', 'c.kind as conversation_kind', 'c.name as conversation_name')
    .from(db.raw(`(${parts.map(() => '(?)').join(' union all ')}) as e`, parts))
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .leftJoin('users as t', 't.id', 'e.target_user_id')
    .leftJoin('conversations as c', 'c.id', 'e.conversation_id')
    .orderBy('e.id', 'desc')
    .limit(filter.limit + 1)) as AuditRow[];
  const page = rows.slice(0, filter.limit);
  return { entries: page.map(view), next: rows.length > filter.limit ? page.at(-1)!.id : null };
}

type AuditRow = {
  id: string;
  at: Date;
  action: AuditAction;
  actor_id: string | null;
  actor_username: string | null;
  address: string | null;
  target_user_id: string | null;
  target_username: string | null;
  target_address: string | null;
  conversation_id: string | null;
  conversation_kind: ConversationKind | null;
  conversation_name: string | null;
  detail: Record<string, unknown>;
};

const view = (r: AuditRow): AuditEntryView => ({
  cursor: r.id,
  at: iso(r.at)!,
  action: r.action,
  actor: r.actor_id ? { id: r.actor_id, username: r.actor_username ?? '' } : null,
  address: r.address === null ? null : String(r.address).replace(/\/(32|128)$/, ''),
  target: r.target_user_id ? { id: r.target_user_id, username: r.target_username ?? '' } : null,
  targetAddress: r.target_address,
  conversationId: r.conversation_id,
  conversation: r.conversation_id && r.conversation_kind ? { id: r.conversation_id, kind: r.conversation_kind, name: r.conversation_name ?? '' } : null,
  detail: r.detail ?? {},
});
