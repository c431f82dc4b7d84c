/** Who may pin here and choose the accent, as the sync server decides it: a DM's members, a channel's owner and admins. */
import { createContext } from '@lit/context';
import type { Conversation } from '@volley/shared';

export const mayPin = (conversation: Conversation | null): boolean =>
  conversation?.kind === 'dm' || (conversation?.kind === 'channel' && (conversation.myRole === 'owner' || conversation.myRole === 'admin'));

/** Provided by the open conversation, read by each message's actions menu. */
export const pinRightContext = createContext<boolean>('volley-pin-right');
