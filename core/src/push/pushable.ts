/**
 * What may become a push (a row of `push_queue`): a notification the user was given, or a message
 * in a conversation that notifies them of every message. Which setting governs it, who it comes
 * from (blocks are honoured) and its conversation (levels are) are read from it here, one place for
 * the queue and the decision.
 */
import type { ConversationKind, Notification, PublicUser, PushKind } from '@volley/shared';

export type Pushable =
  | { kind: 'notification'; notification: Notification }
  /** `convKind` and `channel` are absent for a DM (rows queued before channels pushed were all DMs). */
  | { kind: 'message'; convId: string; convKind?: ConversationKind; channel?: string; messageId: string; seq: number; by: PublicUser; excerpt: string; sealed?: SealedMessage };

/** An end-to-end encrypted message's ciphertext (its content as JSON) and time: what the recipient's device reads a push's words from. */
export interface SealedMessage {
  body: string;
  at: string;
}

export interface PushTraits {
  setting: PushKind;
  from: string | undefined;
  convId: string | undefined;
  /** The conversation's kind, for its default level (a mention's is at most `mentions`, which lets it through). */
  convKind: ConversationKind | undefined;
}

/** Null: of a kind that is never pushed (the notifications centre shows it). */
export function pushTraits(p: Pushable): PushTraits | null {
  if (p.kind === 'message') return { setting: 'message', from: p.by.id, convId: p.convId, convKind: p.convKind ?? 'dm' };
  const n = p.notification;
  switch (n.kind) {
    case 'mention':
      return { setting: 'mention', from: n.by.id, convId: n.conversation.id, convKind: undefined };
    case 'friend_request':
      return { setting: 'friend_request', from: n.from.id, convId: undefined, convKind: undefined };
    case 'game_invite':
      return { setting: 'game_invite', from: n.by.id, convId: n.conversation.id, convKind: undefined };
    case 'game_ready':
    case 'tournament_match':
      return { setting: 'match_ready', from: n.opponent.id, convId: undefined, convKind: undefined };
    default:
      return null;
  }
}
