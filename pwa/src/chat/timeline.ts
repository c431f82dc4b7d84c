/**
 * What a conversation shows: the server's messages (head segment, in seq order) followed by my
 * outbox entries for it that are not among them yet. Pure, so it can be tested without a DOM.
 */
import type { Message, OutboxEntry, RejectReason } from '@volley/shared';

export type MessageStatus = 'sent' | 'pending' | 'rejected';

export interface TimelineItem {
  id: string;
  status: MessageStatus;
  author: string;
  authorName: string;
  body: string;
  /** ISO time: the server's for sent messages, my clock's for my unsent ones. */
  at: string;
  mine: boolean;
  reason?: RejectReason;
  detail?: string;
}

export interface Me {
  id: string;
  username: string;
}

export function buildTimeline(
  messages: readonly Message[],
  outbox: ReadonlyMap<string, OutboxEntry>,
  convId: string,
  me: Me,
): TimelineItem[] {
  const items: TimelineItem[] = messages.map((m) => ({ ...m, status: 'sent', mine: m.author === me.id }));
  const shown = new Set(messages.map((m) => m.id));
  const unsent = [...outbox].filter(([id, entry]) => entry?.op === 'send' && entry.convId === convId && !shown.has(id));
  unsent.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, entry] of unsent) {
    items.push({
      id,
      // Accepted but not arrived yet: the server has it, it will replace this one in place.
      status: entry.status === 'rejected' ? 'rejected' : entry.status === 'accepted' ? 'sent' : 'pending',
      author: me.id,
      authorName: me.username,
      body: entry.body,
      at: entry.at ?? '',
      mine: true,
      ...(entry.reason ? { reason: entry.reason } : {}),
      ...(entry.detail ? { detail: entry.detail } : {}),
    });
  }
  return items;
}

/**
 * Accepted outbox entries of this conversation that need no keeping: their message is in the head
 * segment, or their seq is older than the head segment's first message (it went to an older one).
 */
export function settledOps(messages: readonly Message[], outbox: ReadonlyMap<string, OutboxEntry>, convId: string): string[] {
  const shown = new Set(messages.map((m) => m.id));
  const firstSeq = messages[0]?.seq;
  const settled: string[] = [];
  for (const [id, entry] of outbox) {
    if (entry?.convId !== convId || entry.status !== 'accepted') continue;
    if (shown.has(id) || (firstSeq !== undefined && entry.seq !== undefined && entry.seq < firstSeq)) settled.push(id);
  }
  return settled;
}
