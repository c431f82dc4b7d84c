/** Full-text search over the messages a user may read now. */
import { Message, type Db } from '@volley/core';
import type { ConversationKind, SearchPage } from '@volley/shared';
import { likeContains } from '../like-prefix.js';
import { encodeKeyCursor } from '../pagination.js';
import { blockWith } from './relation.js';
import { MESSAGE_COLUMNS, messageView, peersOf, type MessageRow } from './views.js';

/** Where a hit stands in the ranking: rank (a float4), time truncated to ms (what a JS Date holds), id. */
export type SearchKey = [rank: number, at: string, id: string];

export interface SearchInput {
  q: string;
  convId?: string | undefined;
  cursor?: SearchKey | undefined;
  limit: number;
}

type HitRow = MessageRow & { rank: number; rankedAt: Date; conversationName: string; conversationKind: ConversationKind; highlight: string; textHit: boolean; fileNames: string[] | null };

const RANK = 'ts_rank(m.search, q.query)';
const RANKED_AT = "date_trunc('milliseconds', m.created_at)";
// ts_headline drops what its parser takes for HTML tags, '<' included: it travels as U+0001 instead.
const HIGHLIGHT = `replace(ts_headline(p.config, replace(p.body, '<', chr(1)), p.query, 'StartSel=«, StopSel=»'), chr(1), '<')`;

/** The query's text marked «» wherever it stands in a file name (any case; the markers themselves are dropped first). */
function markName(name: string, q: string): string {
  const clean = name.replace(/[«»]/g, '');
  const at = clean.toLowerCase().indexOf(q.toLowerCase());
  return at < 0 ? clean : `${clean.slice(0, at)}«${clean.slice(at, at + q.length)}»${clean.slice(at + q.length)}`;
}

/**
 * English and French readings of the query (websearch syntax), matching either, or the query's
 * text anywhere in the name of a file the message carries: messages in the viewer's conversations,
 * not deleted, not by someone blocked either way; best rank, then newest. A message found by a file
 * name only ranks as matching no word; its highlight is its text's start and the names marked.
 */
export async function searchMessages(db: Db, viewerId: string, { q, convId, cursor, limit }: SearchInput): Promise<SearchPage> {
  const ranked = Message.query(db)
    .from('messages as m')
    .select(MESSAGE_COLUMNS)
    .select('c.name as conversation_name', 'c.kind as conversation_kind', 'q.query')
    .select(db.raw(`${RANK} as rank, ${RANKED_AT} as ranked_at`))
    // The highlight's language: English when the English reading matches, French otherwise.
    .select(db.raw("case when to_tsvector('english', m.body) @@ q.en then 'english' else 'french' end::regconfig as config"))
    .joinRaw("cross join (select en, en || websearch_to_tsquery('french', ?) as query from websearch_to_tsquery('english', ?) en) q", [q, q])
    .join('conversation_members as cm', (j) => j.on('cm.conversation_id', 'm.conversation_id').andOnVal('cm.user_id', viewerId))
    .join('conversations as c', 'c.id', 'm.conversation_id')
    .join('users as u', 'u.id', 'm.author_id')
    .select(db.raw('m.search @@ q.query as text_hit'))
    .select(db.raw('(select array_agg(a.name order by a.position) from attachments a where a.message_id = m.id and lower(a.name) like ?) as file_names', [likeContains(q)]))
    .whereRaw('(m.search @@ q.query or m.id in (select a.message_id from attachments a where lower(a.name) like ?))', [likeContains(q)])
    .whereNull('m.deleted_at')
    .whereNotExists(blockWith(db, viewerId, 'm.author_id'))
    .modify((query) => {
      if (convId) query.where('m.conversation_id', convId);
      if (cursor) query.whereRaw(`(${RANK}, ${RANKED_AT}, m.id) < (?::real, ?::timestamptz, ?)`, cursor);
    })
    .orderByRaw('rank desc, ranked_at desc, m.id desc')
    .limit(limit + 1);
  // Headlines are costly: made for the page only.
  const rows = (await Message.query(db).from(ranked.as('p')).select('p.*', db.raw(`${HIGHLIGHT} as highlight`)).orderByRaw('p.rank desc, p.ranked_at desc, p.id desc')) as HitRow[];

  const page = rows.slice(0, limit);
  const peers = await peersOf(db, page.map((r) => ({ id: r.conversationId, kind: r.conversationKind })), viewerId);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      message: messageView(r),
      conversation: { id: r.conversationId, kind: r.conversationKind, name: peers.get(r.conversationId)?.displayName ?? r.conversationName },
      highlight: r.textHit || !r.fileNames ? r.highlight : [r.highlight, ...r.fileNames.map((name) => markName(name, q))].filter(Boolean).join(' '),
    })),
    nextCursor: rows.length > limit && last ? encodeKeyCursor([last.rank, new Date(last.rankedAt).toISOString(), last.id] satisfies SearchKey) : null,
  };
}
