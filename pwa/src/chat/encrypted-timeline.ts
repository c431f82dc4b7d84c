/**
 * An end-to-end encrypted conversation's log as this device can read it: each encrypted message's
 * text from what the device decrypted (the local database's `decrypted`, pwa/src/e2ee), its author's
 * verification, or why it shows no text. Pure, so it can be tested without a DOM.
 */
import type { DecryptedMessage } from '../db/db.js';
import type { TimelineItem } from './timeline.js';

/** The ciphertext an encrypted body was made of (what tells an edit from the text already read); null when it is not Megolm's content. */
export function cipherOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { ciphertext?: unknown };
    return typeof parsed.ciphertext === 'string' ? parsed.ciphertext : null;
  } catch {
    return null;
  }
}

export interface ReadTimeline {
  items: TimelineItem[];
  /** Messages to decrypt: never tried here, or changed since (an edit). */
  toRead: TimelineItem[];
}

/**
 * Encrypted messages take the text read from them; my sends and edits not yet echoed (their body
 * empty, the ciphertext in the op) take the text I typed. Deleted ones stay deleted.
 */
export function readTimeline(items: readonly TimelineItem[], read: ReadonlyMap<string, DecryptedMessage>): ReadTimeline {
  const toRead: TimelineItem[] = [];
  const shown = items.map((item): TimelineItem => {
    if (item.deletedAt !== undefined) return item;
    const row = read.get(item.id);
    if (item.kind !== 'encrypted') {
      // Mine, on its way: the op holds ciphertext, the device what I typed.
      return row && item.mine && item.body === '' && item.status !== 'sent' ? withRow(item, row) : item;
    }
    const cipher = cipherOf(item.body);
    // One whose key had not come is read again when keys arrive (e2ee/e2ee.ts), not on every render.
    if (row && (row.cipher === cipher || (item.mine && item.changing))) return withRow(item, row);
    toRead.push(item);
    return { ...item, kind: 'text', body: '', sealed: { reason: row?.reason ?? 'decrypting' } };
  });
  return { items: shown, toRead };
}

function withRow(item: TimelineItem, row: DecryptedMessage): TimelineItem {
  const sealed = row.reason ? { reason: row.reason } : { trust: row.trust ?? 'unverified' };
  return { ...item, kind: row.emote ? 'me' : 'text', body: row.body, sealed };
}
