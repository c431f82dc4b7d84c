/**
 * Games no one will play end here. Unanswered invitations expire (INVITATION_TTL_MS after they
 * were sent); a game both were sent to but no one ever opened is abandoned after UNCLAIMED_MS (a
 * game someone opened is abandoned by its room much sooner). Every api instance runs this sweep;
 * the updates are conditional, so each game ends, and its card is told, once.
 */
import { compiledOnce, forCategory } from '@volley/core';
import type { RouteDeps } from '../context.js';

const SWEEP_EVERY_MS = 2000;
const UNCLAIMED_MS = 10 * 60_000;

/** Starts the sweep; the returned function stops it and resolves once a sweep under way is done. */
export function expireGames(deps: Pick<RouteDeps, 'db' | 'effects' | 'logger'>, everyMs = SWEEP_EVERY_MS): () => Promise<void> {
  const log = forCategory(deps.logger, 'db');
  const { db } = deps;
  // Both in one statement, compiled once (every api process runs it every 2 s, idle or not); a
  // row's SET expressions read its status as it was.
  const end = compiledOnce<'now' | 'unclaimedBefore', { message_id: string | null }>(db, 'expire_games', ['now', 'unclaimedBefore'], (at) =>
    db('games')
      .where((q) => q.where('status', 'invited').where('expires_at', '<', at.now))
      .orWhere((q) => q.where('status', 'ready').where('created_at', '<', at.unclaimedBefore))
      .update({
        status: db.raw("case when status = 'invited' then 'expired' else 'abandoned' end"),
        ended_at: db.raw("case when status = 'ready' then ?::timestamptz else ended_at end", [at.now]),
      })
      .returning('message_id'),
  );
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    const now = Date.now();
    const ended = await end({ now: new Date(now), unclaimedBefore: new Date(now - UNCLAIMED_MS) });
    for (const { message_id: messageId } of ended) if (messageId) await deps.effects.publish({ type: 'message.changed', messageId });
  };
  const timer = setInterval(() => {
    running = running.then(sweep).catch((err: unknown) => log.warn({ err }, 'ending unplayed games failed'));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
