/**
 * How the log groups messages, as the chats people use every day do: a message by the author of
 * the one just before, within a few minutes and on the same day, continues it under one header;
 * a day's first message gets a separator.
 */
import type { TimelineItem } from './timeline.js';

/** The longest pause inside one group. */
export const GROUP_PAUSE_MS = 5 * 60_000;

/** Both instants fall on the same local calendar day. */
export function sameDay(a: string, b: string): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** `item` shows without a header, under `previous`'s (the message just before it in the log). */
export function continues(previous: TimelineItem | undefined, item: TimelineItem): boolean {
  if (!previous || previous.author !== item.author || item.replyTo || item.kind !== previous.kind) return false;
  if (item.kind !== undefined && item.kind !== 'text') return false;
  const pause = Date.parse(item.at) - Date.parse(previous.at);
  return pause >= 0 && pause <= GROUP_PAUSE_MS && sameDay(previous.at, item.at);
}
