/** Which conversations have messages I have not read (pure: tested without a DOM). */

/** A Map or a Y.Map: only `get` is read. */
type Lookup<T> = { get(key: string): T | undefined };

interface Seqs {
  id: string;
  /** The newest seq known: the API's, moved forward by the inbox signal and open segments (services/conversations.ts). */
  lastSeq: number;
}

/** The ids of the conversations whose newest seq is past what I read. */
export function unreadConversations(conversations: readonly Seqs[], reads: Lookup<number>): Set<string> {
  return new Set(conversations.filter((c) => c.lastSeq > (reads.get(c.id) ?? 0)).map((c) => c.id));
}
