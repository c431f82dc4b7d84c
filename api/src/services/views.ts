/** How records look to the viewer: the DTOs of `@volley/shared`, built without a query per row. */
import { type Conversation, ConversationMember, conversationPolicy, type Message, User, type Db } from '@volley/core';
import { readableBody, shownAuthor, SYSTEM_SEQS_KEPT, type Conversation as ConversationDto, type HistoryMessage, type UserSummary } from '@volley/shared';
import { previewOf } from '@volley/shared/markdown';

/** Summaries of these users, in one query. */
export async function summariesOf(db: Db, ids: Iterable<string>): Promise<Map<string, UserSummary>> {
  const unique = [...new Set(ids)];
  const users = unique.length ? await User.query(db).findByIds(unique) : [];
  return new Map(users.map((u) => [u.id, u.toSummary()]));
}

/** The other member of each of these DMs, in two queries. */
export async function peersOf(db: Db, conversations: Pick<Conversation, 'id' | 'kind'>[], viewerId: string): Promise<Map<string, UserSummary>> {
  const dmIds = conversations.filter((c) => c.kind === 'dm').map((c) => c.id);
  if (dmIds.length === 0) return new Map();
  const others = await ConversationMember.query(db).whereIn('conversation_id', dmIds).whereNot('user_id', viewerId);
  const users = await summariesOf(db, others.map((m) => m.userId));
  return new Map(others.flatMap((m) => (users.has(m.userId) ? [[m.conversationId, users.get(m.userId)!] as const] : [])));
}

/** The last message of each of these conversations (the one at `lastSeq`, its start as plain text), in one query. */
async function lastMessagesOf(db: Db, conversations: Pick<Conversation, 'id' | 'lastSeq'>[]): Promise<Map<string, NonNullable<ConversationDto['lastMessage']>>> {
  const withMessages = conversations.filter((c) => c.lastSeq > 0);
  if (withMessages.length === 0) return new Map();
  const rows: { id: string; conversation_id: string; body: string; kind: string; deleted_at: Date | null; created_at: Date; author_id: string; author_name: string | null }[] = await db('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .whereIn(['m.conversation_id', 'm.seq'], withMessages.map((c) => [c.id, c.lastSeq]))
    .select('m.id', 'm.conversation_id', 'm.body', 'm.kind', 'm.deleted_at', 'm.created_at', 'm.author_id', 'u.username as author_name');
  return new Map(
    rows.map((m) => [
      m.conversation_id,
      {
        id: m.id,
        preview: m.deleted_at ? '' : previewOf(readableBody(m)),
        at: new Date(m.created_at).toISOString(),
        author: shownAuthor({ kind: m.kind, authorId: m.author_id }),
        authorName: m.kind === 'system' ? '' : (m.author_name ?? ''),
        deleted: m.deleted_at !== null,
      },
    ]),
  );
}

/**
 * The seqs of the newest system lines of each of these conversations, ascending, in one query. They
 * are a tournament's lines (its `tournament_posts`, under the message's id), so only tournaments'
 * conversations are read, not every message of the others.
 */
async function systemSeqsOf(db: Db, conversations: Pick<Conversation, 'id' | 'kind' | 'lastSeq'>[]): Promise<Map<string, number[]>> {
  const ids = conversations.filter((c) => c.kind === 'channel' && c.lastSeq > 0).map((c) => c.id);
  if (ids.length === 0) return new Map();
  const lines = db('tournaments as t')
    .join('tournament_posts as p', 'p.tournament_id', 't.id')
    .join('messages as m', 'm.id', 'p.id')
    .whereIn('t.conversation_id', ids)
    .select('m.conversation_id', 'm.seq', db.raw('row_number() over (partition by m.conversation_id order by m.seq desc) as newest'));
  const rows: { conversation_id: string; seq: number }[] = await db.from(lines.as('lines')).where('newest', '<=', SYSTEM_SEQS_KEPT).orderBy('seq').select('conversation_id', 'seq');
  const seqs = new Map<string, number[]>();
  for (const { conversation_id, seq } of rows) seqs.set(conversation_id, [...(seqs.get(conversation_id) ?? []), seq]);
  return seqs;
}

/** Conversations as the viewer sees them, with their membership (absent: a directory entry). */
export async function conversationViews(
  db: Db,
  viewerId: string,
  rows: { conversation: Conversation; member: Pick<ConversationMember, 'role' | 'mutedUntil'> | undefined }[],
): Promise<ConversationDto[]> {
  const conversations = rows.map((r) => r.conversation);
  const [peers, lastMessages, systemSeqs] = await Promise.all([peersOf(db, conversations, viewerId), lastMessagesOf(db, conversations), systemSeqsOf(db, conversations)]);
  const now = new Date();
  return rows.map(({ conversation, member }) => {
    const muted = conversationPolicy.mutedUntil(member, now)?.toISOString() ?? null;
    // Someone who is not a member knows the channel, not what is said in it.
    const lastMessage = member ? (lastMessages.get(conversation.id) ?? null) : null;
    const system = member ? (systemSeqs.get(conversation.id) ?? []) : [];
    return conversation.toDto({ myRole: member?.role ?? null, mutedUntil: muted, peer: peers.get(conversation.id) ?? null, lastMessage, systemSeqs: system });
  });
}

/** One conversation as the viewer sees it. */
export async function conversationView(db: Db, viewerId: string, conversation: Conversation, member?: ConversationMember): Promise<ConversationDto> {
  const [view] = await conversationViews(db, viewerId, [{ conversation, member }]);
  return view!;
}

/** What `messageView` reads: a message (`m`) with its author's username and bot mark (`u`). */
export const MESSAGE_COLUMNS = ['m.id', 'm.conversation_id', 'm.seq', 'm.segment', 'm.author_id', 'm.body', 'm.kind', 'm.created_at', 'm.edited_at', 'm.deleted_at', 'm.incomplete', 'u.username as author_name', 'u.bot_owner_id as author_bot_owner_id'];

export type MessageRow = Message & { authorName: string; authorBotOwnerId: string | null };

const iso = (date: Date | null): string | null => date && new Date(date).toISOString();

/** A message as the api serves it; a deleted one keeps its place but not its text. */
export const messageView = (m: MessageRow): HistoryMessage => ({
  id: m.id,
  seq: m.seq,
  segment: m.segment,
  author: shownAuthor(m),
  authorName: m.kind === 'system' ? '' : m.authorName,
  authorBot: Boolean(m.authorBotOwnerId),
  body: m.deletedAt ? '' : m.body,
  kind: m.kind,
  at: new Date(m.createdAt).toISOString(),
  editedAt: iso(m.editedAt),
  deletedAt: iso(m.deletedAt),
  incomplete: m.incomplete,
});
