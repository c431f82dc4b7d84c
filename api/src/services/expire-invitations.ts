/**
 * Unanswered invitations expire (INVITATION_TTL_MS after they were sent). Every api instance runs
 * this sweep; the update is conditional, so each invitation is expired, and its card told, once.
 */
import { forCategory } from '@volley/core';
import type { RouteDeps } from '../context.js';

const SWEEP_EVERY_MS = 2000;

/** Starts the sweep; the returned function stops it and resolves once a sweep under way is done. */
export function expireInvitations(deps: Pick<RouteDeps, 'db' | 'effects' | 'logger'>, everyMs = SWEEP_EVERY_MS): () => Promise<void> {
  const log = forCategory(deps.logger, 'db');
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    const expired: { message_id: string | null }[] = await deps
      .db('games')
      .where('status', 'invited')
      .where('expires_at', '<', new Date())
      .update({ status: 'expired' })
      .returning('message_id');
    for (const { message_id: messageId } of expired) if (messageId) await deps.effects.publish({ type: 'message.changed', messageId });
  };
  const timer = setInterval(() => {
    running = running.then(sweep).catch((err: unknown) => log.warn({ err }, 'expiring invitations failed'));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
