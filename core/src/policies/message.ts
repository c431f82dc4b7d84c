/**
 * Who may change a message once the conversation's own rule (conversation.ts) let them act
 * there: its author edits it, and deletes it; in a channel its owner and admins delete any; the
 * site's moderators and admins delete any, anywhere (#general and DMs too): a banned spammer's
 * words must not stay for ever.
 */
import type { ConversationKind, Role, SiteRole } from '@volley/shared';
import type { Message } from '../db/models/message.js';

export type MessageSubject = Pick<Message, 'authorId' | 'kind'> & Partial<Pick<Message, 'stickerId'>>;

export type MessageAction = 'edit' | 'delete';

/**
 * `not_author`: only the author edits; `forbidden`: an invitation card, a game's result or a
 * system line says what the server recorded, and a sticker message's body is its sticker's name:
 * none is text to rewrite; nor is another's message
 * the actor's to delete.
 */
export type MessageRefusal = { reason: 'not_author' } | { reason: 'forbidden' };

/** `role`: in the conversation; `siteRole`: on the site (unknown: a plain user). */
export interface MessageActor {
  userId: string;
  role: Role | undefined;
  siteRole?: SiteRole;
}

const SITE_STAFF: ReadonlySet<SiteRole> = new Set(['moderator', 'admin']);

export function refusal(actor: MessageActor, action: MessageAction, message: MessageSubject, conversation: { kind: ConversationKind }): MessageRefusal | null {
  const own = message.authorId === actor.userId;
  if (action === 'edit') {
    if (!own) return { reason: 'not_author' };
    return (message.kind === 'text' || message.kind === 'me' || message.kind === 'encrypted') && !message.stickerId ? null : { reason: 'forbidden' };
  }
  const channelManager = conversation.kind === 'channel' && (actor.role === 'owner' || actor.role === 'admin');
  const siteStaff = actor.siteRole !== undefined && SITE_STAFF.has(actor.siteRole);
  return own || channelManager || siteStaff ? null : { reason: 'forbidden' };
}
