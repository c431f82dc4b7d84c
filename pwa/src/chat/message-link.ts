/**
 * A link to one message of a conversation (a mention notification): `/c/<convId>#message-<id>-<seq>`.
 * The fragment survives the navigation from any page; the chat page jumps to the message, loading
 * older segments if needed, as for a search result.
 */

/** A message to show and highlight (a search result, a quote, a link), with the segment it is in when known. */
export interface JumpTarget {
  id: string;
  seq: number;
  segment?: number;
}

const FRAGMENT = /^#message-([0-9A-HJKMNP-TV-Z]{26})-([1-9][0-9]{0,9})$/;

export { messagePath as messageHref } from '@volley/shared';

/** The message a location's fragment points at; null for any other fragment. */
export function messageOfFragment(hash: string): JumpTarget | null {
  const match = FRAGMENT.exec(hash);
  return match ? { id: match[1]!, seq: Number(match[2]) } : null;
}
