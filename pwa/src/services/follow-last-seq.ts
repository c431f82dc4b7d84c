/** An open segment moves its conversation's place in the list: a module of the client's step (client-step.ts), which opens segments. */
import { ConvDoc, parseRoom } from '@volley/shared';
import type { SyncRoom } from '@volley/client';
import type { VolleyDB } from '../db/db.js';
import { recordActivity } from './conversations.js';

/** The Markdown reader, a chunk of its own: the preview is the message's plain text, as the server makes it. */
let markdown: Promise<typeof import('@volley/shared/markdown')> | undefined;

/** How far back from a segment's end its system lines are looked for: a signal names at most as many. */
const SYSTEM_LOOKBACK = 100;

/**
 * A segment's newest message moves its conversation's cached `lastSeq` and last message (never
 * back), with the system lines among its newest messages (no one's unread message): the server's
 * inbox signal leaves out what an open segment already shows.
 */
export function followLastSeq(room: SyncRoom, db: VolleyDB): void {
  const name = parseRoom(room.name);
  if (name?.kind !== 'conv') return;
  const messages = ConvDoc.messages(room.doc);
  messages.observe(async () => {
    const last = messages.length > 0 ? messages.get(messages.length - 1) : undefined;
    if (!last) return;
    markdown ??= import('@volley/shared/markdown');
    const { previewOf } = await markdown;
    const deleted = Boolean(last.deletedAt);
    const system = messages.slice(Math.max(0, messages.length - SYSTEM_LOOKBACK)).flatMap((m) => (m.kind === 'system' ? [m.seq] : []));
    const entry = { lastSeq: last.seq, id: last.id, preview: deleted || last.kind === 'encrypted' ? '' : previewOf(last.body), at: last.at, author: last.author, authorName: last.authorName, deleted, system };
    await recordActivity(db, new Map([[name.convId, entry]])).catch(() => undefined);
  });
}
