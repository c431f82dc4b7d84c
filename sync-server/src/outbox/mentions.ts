/** `@username` mentions of a message: their notifications (which members they name: rooms/membership.ts). */
import { Conversation, type Db, type Logger, type Notifier } from '@volley/core';
import type { Message } from '@volley/shared';
import { notificationSender, type OpAuthor } from './author.js';
import { excerptOf } from '@volley/shared/markdown';

/**
 * A `mention` notification to each of `userIds` but the author and anyone blocked either way
 * with them. Best effort: the message is recorded whatever happens here.
 */
export async function notifyMentions(deps: { db: Db; notifier: Pick<Notifier, 'notify'>; log: Logger }, author: OpAuthor, convId: string, userIds: string[], message: Pick<Message, 'id' | 'seq' | 'body'>): Promise<void> {
  const others = userIds.filter((id) => id !== author.id);
  if (others.length === 0) return;
  try {
    const blocked = await deps.db('blocks')
      .where((q) => q.where('blocker_id', author.id).whereIn('blocked_id', others))
      .orWhere((q) => q.where('blocked_id', author.id).whereIn('blocker_id', others))
      .select('blocker_id', 'blocked_id');
    const hidden = new Set(blocked.flatMap((row: { blocker_id: string; blocked_id: string }) => [row.blocker_id, row.blocked_id]));
    const conversation = await Conversation.query(deps.db).findById(convId).select('id', 'name');
    const by = await notificationSender(deps.db, author);
    const ref = { id: convId, name: conversation?.name ?? '' };
    await Promise.all(
      others
        .filter((id) => !hidden.has(id))
        .map((userId) => deps.notifier.notify(userId, { kind: 'mention', conversation: ref, by, messageId: message.id, seq: message.seq, excerpt: excerptOf(message.body) })),
    );
  } catch (err) {
    deps.log.warn({ err, convId, messageId: message.id }, 'mention notifications failed');
  }
}
