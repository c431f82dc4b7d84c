/**
 * Who may change a message once the conversation's own rule (conversation.ts) let them act
 * there: its author edits it, and deletes it; in a channel its owner and admins delete any.
 */
import type { ConversationKind, Role } from '@volley/shared';
import type { Message } from '../db/models/message.js';

export type MessageSubject = Pick<Message, 'authorId' | 'kind'>;

export type MessageAction = 'edit' | 'delete';

/**
 * `not_author`: only the author edits; `forbidden`: an invitation card, a game's result or a
 * system line says what the server recorded, it is not text to rewrite; nor is another's message
 * the actor's to delete.
 */
export type MessageRefusal = { reason: 'not_author' } | { reason: 'forbidden' };

export function refusal(actor: { userId: string; role: Role | undefined }, action: MessageAction, message: MessageSubject, conversation: { kind: ConversationKind }): MessageRefusal | null {
  const own = message.authorId === actor.userId;
  if (action === 'edit') {
    if (!own) return { reason: 'not_author' };
    return message.kind === 'text' || message.kind === 'me' ? null : { reason: 'forbidden' };
  }
  return own || (conversation.kind === 'channel' && (actor.role === 'owner' || actor.role === 'admin')) ? null : { reason: 'forbidden' };
}
