/**
 * Site administration (docs/architecture.md §5): bans of accounts and address ranges, kicks,
 * roles, each written to the audit log and announced (`site.changed`) so that every process's
 * SiteGate refuses at once and closes the sockets it now refuses. Used by the admin routes and
 * by the operator's command line alike.
 */
import { AuditEntry, forCategory, normalAddress, normalRange, rangeHolds, SiteBan, sitePolicy, User, type Db } from '@volley/core';
import { durationMs, newId, type SiteBanBody, type SiteRole, fieldProblem } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { revokeSessions } from './refresh-tokens.js';

/** Who acts: a signed-in moderator or admin, or the operator's command line (no user, every right). */
export type SiteActor = { userId: string | null; role: SiteRole; address: string | null };

export const OPERATOR: SiteActor = { userId: null, role: 'admin', address: null };

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/** The signed-in user as an actor, if their site role lets them do `needs` (core/src/policies/site.ts); 403 otherwise. */
export async function siteActor(db: Db, userId: string, address: string | null, needs: sitePolicy.SiteAction = 'moderate'): Promise<SiteActor> {
  const user = await User.query(db).findById(userId).select('id', 'role');
  if (!user || !sitePolicy.can({ userId, role: user.role }, needs)) throw apiError('forbidden');
  return { userId, role: user.role, address };
}

/** One line of the audit log; `trx` when the act itself is in a transaction, so both stand or neither. */
export async function audit(db: Db, actor: Pick<SiteActor, 'userId' | 'address'>, entry: Pick<AuditEntry, 'action'> & Partial<Pick<AuditEntry, 'targetUserId' | 'targetAddress' | 'conversationId' | 'detail'>>): Promise<void> {
  await AuditEntry.query(db).insert({ id: newId(), actorId: actor.userId, actorAddress: normalAddress(actor.address ?? undefined), detail: {}, ...entry });
}

/** The user the actor does `action` to, once the policy lets them. */
async function target(db: Db, actor: SiteActor, username: string, action: sitePolicy.SiteAction): Promise<User> {
  const user = await User.query(db).whereRaw('lower(username) = lower(?)', [username]).first();
  if (!user) throw apiError('not_found', { message: 'No such user.' });
  if (!sitePolicy.can(actor, action, { userId: user.id, role: user.role })) throw apiError('forbidden');
  return user;
}

/**
 * Ends every session of the user: its refresh tokens revoked, and so its access tokens refused once
 * the sessions returned are announced (`site.changed`). A bot token names no session: those issued
 * before now are refused by time (`tokens_valid_after`, to the millisecond like their issue time).
 */
export async function endEverySession(db: Db, userId: string): Promise<string[]> {
  const ended = await revokeSessions(db, { userId });
  await User.query(db).findById(userId).patch({ tokensValidAfter: new Date() });
  return ended;
}

export async function banSite({ db, effects }: Deps, actor: SiteActor, body: SiteBanBody): Promise<SiteBan> {
  const ms = body.duration ? durationMs(body.duration) : null;
  const until = ms === null ? null : new Date(Date.now() + ms);
  const ban = await db.transaction(async (trx) => {
    let userId: string | null = null;
    let address: string | null = null;
    if (body.username !== undefined) {
      userId = (await target(trx, actor, body.username, 'moderate')).id;
      await endEverySession(trx, userId);
    } else {
      address = normalRange(body.address!);
      if (!address) throw apiError('validation_failed', { fields: { address: [fieldProblem('address_format')] } });
      if (actor.address && rangeHolds(address, actor.address)) throw apiError('forbidden', { message: 'This range holds your own address.' });
    }
    const ban = await SiteBan.query(trx).insertAndFetch({ id: newId(), userId, address, reason: body.reason ?? '', byUserId: actor.userId, until });
    await audit(trx, actor, { action: 'site.ban', targetUserId: userId, targetAddress: address, detail: { until: until?.toISOString() ?? null, reason: ban.reason } });
    return ban;
  });
  // The sessions go unnamed: the reload refuses the account as banned (4451, 403 with the end), where
  // naming them would close its sockets first as signed out (4401), inviting a sign-in that fails.
  await effects.publish({ type: 'site.changed' });
  return ban;
}

export async function liftSiteBan({ db, effects }: Deps, actor: SiteActor, banId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const ban = await SiteBan.query(trx).findById(banId).whereNull('lifted_at').forUpdate();
    if (!ban) throw apiError('not_found', { message: 'No such ban.' });
    await SiteBan.query(trx).findById(banId).patch({ liftedAt: new Date() });
    await audit(trx, actor, { action: 'site.unban', targetUserId: ban.userId, targetAddress: ban.address, detail: { banId } });
  });
  await effects.publish({ type: 'site.changed' });
}

/** Signs the user out everywhere now: open sockets closed, sessions ended; they may sign in again. */
export async function kickSite({ db, effects }: Deps, actor: SiteActor, username: string): Promise<void> {
  const endedSessions = await db.transaction(async (trx) => {
    const user = await target(trx, actor, username, 'moderate');
    await audit(trx, actor, { action: 'site.kick', targetUserId: user.id });
    return endEverySession(trx, user.id);
  });
  await effects.publish({ type: 'site.changed', endedSessions });
}

/** Admins (and the operator) give and take site roles. */
export async function setSiteRole({ db }: Deps, actor: SiteActor, username: string, role: SiteRole): Promise<void> {
  if (!sitePolicy.can(actor, 'administer')) throw apiError('forbidden');
  await db.transaction(async (trx) => {
    const user = await target(trx, actor, username, 'administer');
    await User.query(trx).findById(user.id).patch({ role });
    await audit(trx, actor, { action: 'site.role', targetUserId: user.id, detail: { from: user.role, to: role } });
  });
}

const PURGE_EVERY_MS = 3_600_000;

/**
 * The audit log's retention (AUDIT_RETENTION_DAYS): older entries are deleted and older messages
 * forget where they were sent from, at start and hourly. Stops with the returned function.
 */
export function keepAuditFor({ db, config, logger }: Pick<RouteDeps, 'db' | 'config' | 'logger'>): () => Promise<void> {
  const log = forCategory(logger, 'db');
  let running: Promise<unknown> = Promise.resolve();
  const purge = () => {
    const before = new Date(Date.now() - config.auditRetentionDays * 86_400_000);
    running = running
      .then(() => db('audit_log').where('at', '<', before).delete())
      .then(() => db('messages').where('created_at', '<', before).whereNotNull('sent_from').update({ sent_from: null }))
      .catch((err: unknown) => log.warn({ err }, 'purging the audit log failed'));
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS).unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
