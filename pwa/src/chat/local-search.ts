/**
 * Offline search: the messages of every conversation segment cached in Dexie whose body and the
 * names of the files they carry contain all the words asked, newest first, in the server's hit
 * shape (matches wrapped in «», the names after the body).
 */
import { ConvDoc, parseRoom, type Conversation, type SearchHit } from '@volley/shared';
import * as Y from 'yjs';
import type { VolleyDB } from '../db/db.js';

const LIMIT = 50;

export async function searchLocal(db: VolleyDB, q: string, conversations: readonly Conversation[]): Promise<SearchHit[]> {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const known = new Map(conversations.map((c) => [c.id, c]));
  const rooms = new Map<string, Uint8Array[]>();
  await db.roomUpdates.where('room').startsWith('conv.').each((row) => rooms.set(row.room, [...(rooms.get(row.room) ?? []), row.update]));
  const hits: SearchHit[] = [];
  for (const [name, updates] of rooms) {
    const room = parseRoom(name);
    const conversation = room?.kind === 'conv' ? known.get(room.convId) : undefined;
    if (room?.kind !== 'conv' || !conversation) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(updates));
    for (const m of ConvDoc.messages(doc)) {
      // An encrypted message's body is its ciphertext: nothing to find in it.
      if (m.kind === 'encrypted') continue;
      const text = [m.body, ...(m.attachments ?? []).map((file) => file.name)].filter(Boolean).join(' ');
      const lower = text.toLowerCase();
      if (m.deletedAt || !words.every((w) => lower.includes(w))) continue;
      hits.push({
        message: { ...m, kind: m.kind ?? 'text', authorBot: m.authorBot === true, incomplete: m.incomplete === true, segment: room.segment, editedAt: m.editedAt ?? null, deletedAt: null },
        conversation: { id: conversation.id, name: conversation.name, kind: conversation.kind },
        highlight: highlight(text, words),
      });
    }
    doc.destroy();
  }
  return hits.sort((a, b) => (a.message.at < b.message.at ? 1 : -1)).slice(0, LIMIT);
}

/** Wraps each occurrence of the words in «» (the markers themselves are dropped from the text first). */
export function highlight(body: string, words: readonly string[]): string {
  const clean = body.replace(/[«»]/g, '');
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return clean.replace(pattern, '«$1»');
}
