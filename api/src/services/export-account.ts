/**
 * "Export my data" (docs/architecture.md §5, "Accounts"): everything the server keeps about the
 * account, as a zip archive: `export.json`, and the bytes of the files my messages carry under
 * `files/<id>/<name>`, streamed from the blob store one after another.
 */
import type { Readable } from 'node:stream';
import { User, type Db } from '@volley/core';
import { apiError } from '../errors.js';
import type { BlobStore } from '../storage/index.js';

/** Kinds whose bytes are compressed already: stored as they are. */
const COMPRESSED = /^(image\/|application\/(pdf|zip|vnd\.openxmlformats|vnd\.oasis))/;

/** The archive, read as it is written: its files' bytes are never all in memory. */
export async function exportArchive(db: Db, store: BlobStore, userId: string): Promise<Readable> {
  const data = await exportAccount(db, userId);
  const rows = (await db('attachments').whereIn('id', data.files.map((f) => f.id)).select('id', 'storage_key')) as { id: string; storage_key: string }[];
  const keys = new Map(rows.map((r) => [r.id, r.storage_key]));
  const { default: yazl } = await import('yazl');
  const zip = new yazl.ZipFile();
  const files = [];
  for (const file of data.files) {
    const key = keys.get(file.id);
    const kept = key && (await store.stat(key));
    const path = kept ? `files/${file.id}/${file.name}` : null;
    files.push({ ...file, path });
    if (!key || !path) continue;
    zip.addReadStreamLazy(path, { size: file.size, compress: !COMPRESSED.test(file.type) }, (done) => {
      store.get(key).then(
        (body) => {
          done(body ? null : new Error(`no bytes under ${key}`), body as Readable);
        },
        (err: Error) => {
          done(err, undefined as unknown as Readable);
        },
      );
    });
  }
  zip.addBuffer(Buffer.from(JSON.stringify({ ...data, files }, null, 2)), 'export.json');
  zip.end();
  return zip.outputStream as Readable;
}

const iso = (date: Date | string | null): string | null => (date === null ? null : new Date(date).toISOString());

export async function exportAccount(db: Db, userId: string) {
  const user = await User.query(db).findById(userId);
  if (!user) throw apiError('unauthenticated');
  const [friends, blocks, conversations, messages, games, files, reports] = await Promise.all([
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
    db('message_reports').where('reporter_id', userId).orderBy('created_at').select('id', 'message_id', 'conversation_id', 'reason', 'note', 'disclosed', 'created_at', 'resolved_at'),
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
    // The files my messages carry, each named by the route that serves its bytes (with the bearer header); their bytes are in the archive.
    files: (files as Row[]).map((f) => ({
      id: String(f.id),
      name: String(f.name),
      type: String(f.type),
      size: Number(f.size),
      conversationId: f.conversation_id,
      messageId: f.message_id,
      createdAt: iso(f.created_at as Date),
      download: `/api/v1/attachments/${String(f.id)}`,
    })),
    // The messages I reported to the moderators, with what I told them.
    reports: (reports as Row[]).map((r) => ({
      id: r.id,
      messageId: r.message_id,
      conversationId: r.conversation_id,
      reason: r.reason,
      note: r.note,
      disclosed: r.disclosed,
      createdAt: iso(r.created_at as Date),
      resolvedAt: iso(r.resolved_at as Date | null),
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
