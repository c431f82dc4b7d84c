/**
 * Search on this device, in the server's hit shape (matches wrapped in «», the names after the
 * body), newest first: offline, every conversation segment cached in Dexie whose body and file
 * names contain all the words asked; online, beside the server's results, the end-to-end encrypted
 * conversations, which the server cannot search — found by the words of what this device decrypted
 * (the `decrypted` table's `words` index), so only messages it has read.
 */
import { ApiError, type ApiClient } from '@volley/client';
import { ConvDoc, parseRoom, type Conversation, type SearchHit } from '@volley/shared';
import * as Y from 'yjs';
import type { DecryptedMessage, VolleyDB } from '../db/db.js';
import { indexDecrypted } from '../e2ee/decrypted-words.js';
import { readAs } from './encrypted-timeline.js';
import { searchMessages } from '../services/search.js';
import { searchWords } from './search-words.js';

const LIMIT = 50;

export async function searchLocal(db: VolleyDB, q: string, conversations: readonly Conversation[], which: { encryptedOnly?: boolean } = {}): Promise<SearchHit[]> {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const known = new Map(conversations.filter((c) => !which.encryptedOnly || c.encrypted).map((c) => [c.id, c]));
  const decrypted = await decryptedMatching(db, q);
  const rooms = new Map<string, Uint8Array[]>();
  await db.roomUpdates.where('room').startsWith('conv.').each((row) => {
    const room = parseRoom(row.room);
    if (room?.kind === 'conv' && known.has(room.convId)) rooms.set(row.room, [...(rooms.get(row.room) ?? []), row.update]);
  });
  const hits: SearchHit[] = [];
  for (const [name, updates] of rooms) {
    const room = parseRoom(name);
    const conversation = room?.kind === 'conv' ? known.get(room.convId) : undefined;
    if (room?.kind !== 'conv' || !conversation) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(updates));
    for (const m of ConvDoc.messages(doc)) {
      if (m.deletedAt) continue;
      // An encrypted message's body is its ciphertext: it is found by what this device read of it.
      const read = m.kind === 'encrypted' ? readAs(decrypted.get(m.id), m.author) : undefined;
      if (m.kind === 'encrypted' && !read) continue;
      const body = read ? read.body : m.body;
      const files = read ? (read.files ?? []) : (m.attachments ?? []);
      const text = [body, ...files.map((file) => file.name)].filter(Boolean).join(' ');
      const lower = text.toLowerCase();
      if (!read && !words.every((w) => lower.includes(w))) continue;
      hits.push({
        message: { ...m, body, kind: read ? 'text' : (m.kind ?? 'text'), authorBot: m.authorBot === true, incomplete: m.incomplete === true, segment: room.segment, editedAt: m.editedAt ?? null, deletedAt: null },
        // As the server names it: a DM by the other person's name.
        conversation: { id: conversation.id, name: conversation.kind === 'dm' ? (conversation.peer?.displayName ?? conversation.name) : conversation.name, kind: conversation.kind },
        highlight: highlight(text, words),
      });
    }
    doc.destroy();
  }
  return hits.sort((a, b) => (a.message.at < b.message.at ? 1 : -1)).slice(0, LIMIT);
}

/** The decrypted messages having, for each word asked, a word that starts with it. */
async function decryptedMatching(db: VolleyDB, q: string): Promise<Map<string, DecryptedMessage>> {
  const asked = searchWords(q);
  if (asked.length === 0) return new Map();
  await indexDecrypted(db);
  // The index narrows by the longest word (the fewest rows); the others are checked on those.
  const [longest, ...rest] = [...asked].sort((a, b) => b.length - a.length);
  const rows = await db.decrypted.where('words').startsWith(longest!).distinct().toArray();
  const matching = rows.filter((row) => row.reason === undefined && rest.every((word) => row.words?.some((w) => w.startsWith(word))));
  return new Map(matching.map((row) => [row.id, row]));
}

/**
 * What the search field shows: the server's page, with (on the first page) this device's hits in
 * its encrypted conversations; offline, or the server out of reach, this device's hits alone
 * (`local`).
 */
export async function searchFor(api: ApiClient | undefined, db: VolleyDB | undefined, q: string, cursor: string | null, online: boolean): Promise<{ items: SearchHit[]; nextCursor: string | null; local: boolean }> {
  const conversations: Conversation[] = (await db?.conversations.toArray()) ?? [];
  const here = (encryptedOnly: boolean) => (db ? searchLocal(db, q, conversations, { encryptedOnly }) : Promise.resolve([]));
  if (online && api) {
    try {
      const [server, sealed] = await Promise.all([searchMessages(api, q, cursor), cursor === null && conversations.some((c) => c.encrypted) ? here(true) : []]);
      return { items: mergeHits(server.items, sealed), nextCursor: server.nextCursor, local: false };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'network') throw error;
    }
  }
  return { items: await here(false), nextCursor: null, local: true };
}

/** The server's page first, then this device's hits in encrypted conversations, newest first (on the first page only: the server pages its own). */
function mergeHits(server: readonly SearchHit[], local: readonly SearchHit[]): SearchHit[] {
  const seen = new Set(server.map((hit) => hit.message.id));
  return [...server, ...local.filter((hit) => !seen.has(hit.message.id))].sort((a, b) => (a.message.at < b.message.at ? 1 : -1));
}

/** Wraps each occurrence of the words in «» (the markers themselves are dropped from the text first). */
export function highlight(body: string, words: readonly string[]): string {
  const clean = body.replace(/[«»]/g, '');
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return clean.replace(pattern, '«$1»');
}
