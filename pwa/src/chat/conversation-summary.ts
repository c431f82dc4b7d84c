/**
 * What the conversation list tells of each conversation (pure: tested without a DOM): how many
 * messages I have not read (the one count of the list's badges, the title and the nav, and the
 * notifications centre), and the order of the list, the latest activity first. (Its last
 * message's start comes as plain text from the server: `previewOf`, @volley/shared/markdown.)
 */

interface Activity {
  id: string;
  createdAt: string;
  lastSeq: number;
  lastMessage: { at: string; author: string | null } | null;
  /** Its newest system lines, no one's message (absent from a copy cached before they were kept). */
  systemSeqs?: readonly number[];
}

/** Lookup of a Map or a Y.Map: only `get` is read. */
type Lookup<T> = { get(key: string): T | undefined };

/** The time that places a conversation in the list: its last message's, else its creation (a new DM with nothing said yet). */
export const activityAt = (c: Activity): string => c.lastMessage?.at ?? c.createdAt;

/** The list's order: the latest activity first; equal times by id, so the order never flickers. */
export function byActivity<T extends Activity>(conversations: readonly T[]): T[] {
  return [...conversations].sort((a, b) => Date.parse(activityAt(b)) - Date.parse(activityAt(a)) || (a.id < b.id ? -1 : 1));
}

/**
 * How many messages came after my read mark (seqs are consecutive in a conversation), the server's
 * own lines (a tournament's pairings and results) left out. The last one being mine, I have read
 * what came before it: none.
 */
export function unreadCount(c: Activity, reads: Lookup<number>, myId: string | null): number {
  if (c.lastMessage?.author && c.lastMessage.author === myId) return 0;
  const read = reads.get(c.id) ?? 0;
  const system = c.systemSeqs?.filter((seq) => seq > read && seq <= c.lastSeq).length ?? 0;
  return Math.max(0, c.lastSeq - read - system);
}

/** A count as a badge shows it: past 99, "99+". */
export const badgeCount = (count: number): string => (count > 99 ? '99+' : String(count));
