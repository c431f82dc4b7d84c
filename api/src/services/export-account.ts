/** "Export my data" (docs/architecture.md §5, "Accounts"): everything the server keeps about the account, as JSON (files by their download route). */
import { User, type Db } from '@volley/core';
import { apiError } from '../errors.js';

const iso = (date: Date | string | null): string | null => (date === null ? null : new Date(date).toISOString());

export async function exportAccount(db: Db, userId: string): Promise<Record<string, unknown>> {
  const user = await User.query(db).findById(userId);
  if (!user) throw apiError('unauthenticated');
  const [friends, blocks, conversations, messages, games, files] = await Promise.all([
    db('friendships as f').join('users as u', 'u.id', 'f.friend_id').where('f.user_id', userId).select('u.id', 'u.username', 'f.created_at'),
    db('blocks as b').join('users as u', 'u.id', 'b.blocked_id').where('b.blocker_id', userId).select('u.id', 'u.username', 'b.created_at'),
    db('conversation_members as m').join('conversations as c', 'c.id', 'm.conversation_id').where('m.user_id', userId).select('c.id', 'c.kind', 'c.name', 'm.role', 'm.joined_at'),
    db('messages').where({ author_id: userId }).whereNull('deleted_at').orderBy('created_at').select('id', 'conversation_id', 'body', 'created_at', 'edited_at'),
    db('games as g')
      .leftJoin('matches as x', 'x.game_id', 'g.id')
      .where((q) => q.where('g.left_id', userId).orWhere('g.right_id', userId))
      .orderBy('g.created_at')
      .select('g.id', 'g.status', 'g.ranked', 'g.left_id', 'g.right_id', 'g.created_at', 'g.ended_at', 'x.winner_id', 'x.winner_score', 'x.loser_score'),
    db('attachments as a')
      .join('messages as m', 'm.id', 'a.message_id')
      .where('a.uploader_id', userId)
      .whereNull('m.deleted_at')
      .orderBy('a.id')
      .select('a.id', 'a.name', 'a.type', 'a.size', 'a.conversation_id', 'a.message_id', 'a.created_at'),
  ]);
  type Row = Record<string, unknown>;
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      username: user.username,
      email: user.email,
      displayName: user.displayName,
      bio: user.bio,
      avatarUrl: user.avatarUrl,
      rating: user.rating,
      role: user.role,
      locale: user.locale,
      twoFactor: user.totpSecret !== null,
      createdAt: iso(user.createdAt),
    },
    friends: (friends as Row[]).map((f) => ({ id: f.id, username: f.username, since: iso(f.created_at as Date) })),
    blocks: (blocks as Row[]).map((b) => ({ id: b.id, username: b.username, since: iso(b.created_at as Date) })),
    conversations: (conversations as Row[]).map((c) => ({ id: c.id, kind: c.kind, name: c.name, role: c.role, joinedAt: iso(c.joined_at as Date) })),
    messages: (messages as Row[]).map((m) => ({ id: m.id, conversationId: m.conversation_id, body: m.body, createdAt: iso(m.created_at as Date), editedAt: iso(m.edited_at as Date | null) })),
    // The files my messages carry, each named by the route that serves its bytes (with the bearer header).
    files: (files as Row[]).map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      size: Number(f.size),
      conversationId: f.conversation_id,
      messageId: f.message_id,
      createdAt: iso(f.created_at as Date),
      download: `/api/v1/attachments/${String(f.id)}`,
    })),
    games: (games as Row[]).map((g) => ({
      id: g.id,
      status: g.status,
      ranked: g.ranked,
      leftId: g.left_id,
      rightId: g.right_id,
      createdAt: iso(g.created_at as Date),
      endedAt: iso(g.ended_at as Date | null),
      winnerId: g.winner_id ?? null,
      score: g.winner_id ? [g.winner_score, g.loser_score] : null,
    })),
  };
}
