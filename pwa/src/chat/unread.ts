/** Which conversations have messages I have not read (pure: tested without a DOM). */
import type { InboxEntry } from '@volley/shared';

/** A Map or a Y.Map: only `get` is read. */
type Lookup<T> = { get(key: string): T | undefined };

interface Seqs {
  id: string;
  lastSeq: number;
}

/** The newest seq known for a conversation: the API's record or my inbox, whichever is ahead. */
export const latestSeq = (conversation: Seqs, inbox: Lookup<InboxEntry>): number =>
  Math.max(conversation.lastSeq, inbox.get(conversation.id)?.lastSeq ?? 0);

/** The ids of the conversations whose newest seq is past what I read. */
export function unreadConversations(
  conversations: readonly Seqs[],
  inbox: Lookup<InboxEntry>,
  reads: Lookup<number>,
): Set<string> {
  return new Set(conversations.filter((c) => latestSeq(c, inbox) > (reads.get(c.id) ?? 0)).map((c) => c.id));
}
