/**
 * The owner's recovery (docs/protocol.md, "Recovery"): secrets their device encrypted with the
 * recovery key, and the key backup, room keys each encrypted to the backup's public key. The server
 * keeps both and can open neither.
 */
import type { Db } from '@volley/core';
import type { SecretStorageBody } from '@volley/shared';
import { apiError } from '../errors.js';

type Json = Record<string, unknown>;

export async function saveSecrets(db: Db, userId: string, data: SecretStorageBody): Promise<void> {
  await db('e2ee_secret_storage').insert({ user_id: userId, data: JSON.stringify(data), updated_at: db.fn.now() }).onConflict('user_id').merge();
}

export async function loadSecrets(db: Db, userId: string): Promise<SecretStorageBody> {
  const row = await db('e2ee_secret_storage').where({ user_id: userId }).first('data');
  if (!row) throw apiError('not_found', { message: 'No recovery is set up for this account.' });
  return row.data as SecretStorageBody;
}

/** A new backup version; the older ones stay until the owner's devices move on. */
export async function createBackup(db: Db, userId: string, algorithm: string, authData: Json): Promise<string> {
  const [row] = await db('e2ee_key_backups').insert({ user_id: userId, algorithm, auth_data: JSON.stringify(authData) }).returning('version');
  return String((row as { version: string | number }).version);
}

export async function latestBackup(db: Db, userId: string): Promise<{ version: string; algorithm: string; auth_data: Json }> {
  const row = await db('e2ee_key_backups').where({ user_id: userId }).orderBy('version', 'desc').first('version', 'algorithm', 'auth_data');
  if (!row) throw apiError('not_found', { message: 'No key backup.' });
  return { version: String(row.version), algorithm: row.algorithm, auth_data: row.auth_data };
}

async function ownBackup(db: Db, userId: string, version: string): Promise<void> {
  const row = await db('e2ee_key_backups').where({ user_id: userId, version }).first('version');
  if (!row) throw apiError('not_found', { message: 'No such key backup.' });
}

/** Stores the sessions sent; a session already backed up is replaced (a device sends a better copy, or the same). */
export async function backUpKeys(db: Db, userId: string, version: string, rooms: Record<string, { sessions: Record<string, Json> }>): Promise<{ count: number; etag: string }> {
  await ownBackup(db, userId, version);
  const rows = Object.entries(rooms).flatMap(([roomId, { sessions }]) => Object.entries(sessions).map(([sessionId, data]) => ({ version, room_id: roomId, session_id: sessionId, data: JSON.stringify(data) })));
  if (rows.length > 0) await db('e2ee_backup_sessions').insert(rows).onConflict(['version', 'room_id', 'session_id']).merge();
  const counted = await db('e2ee_backup_sessions').where({ version }).count({ count: '*' }).first();
  const count = Number(counted?.count ?? 0);
  return { count, etag: String(count) };
}

export async function backedUpKeys(db: Db, userId: string, version: string): Promise<{ rooms: Record<string, { sessions: Record<string, Json> }> }> {
  await ownBackup(db, userId, version);
  const rows: { room_id: string; session_id: string; data: Json }[] = await db('e2ee_backup_sessions').where({ version }).select('room_id', 'session_id', 'data');
  const rooms: Record<string, { sessions: Record<string, Json> }> = {};
  for (const row of rows) (rooms[row.room_id] ??= { sessions: {} }).sessions[row.session_id] = row.data;
  return { rooms };
}
