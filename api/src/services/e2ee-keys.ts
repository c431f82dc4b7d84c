/**
 * The keys module's store (docs/protocol.md, "Encrypted messages"): devices' public keys,
 * one-time and fallback keys handed out once, cross-signing keys, and the device inbox. Every key
 * object is stored as the device signed it; the server reads only ids from it, and never a secret.
 */
import { matrixUserId, userIdOf, type InboxView } from '@volley/shared';
import type { Db } from '@volley/core';
import { apiError } from '../errors.js';

type Json = Record<string, unknown>;

/** A person's devices beyond this many are refused: each one is a target every sender encrypts for. */
export const DEVICES_PER_USER = 50;
/** Events handed out in one read of the inbox; the rest on the next. */
const INBOX_PAGE = 200;

const algorithmOf = (keyId: string): string => keyId.split(':')[0] ?? '';
const json = (value: unknown): string => JSON.stringify(value);

/** The people among `userIds` with whom `userId` shares an encrypted conversation and no block; `userId` itself always. */
export async function encryptionPeers(db: Db, userId: string, userIds: string[]): Promise<Set<string>> {
  const others = userIds.filter((id) => id !== userId);
  const peers = new Set(userIds.includes(userId) ? [userId] : []);
  if (others.length === 0) return peers;
  const rows: { user_id: string }[] = await db('conversation_members as mine')
    .join('conversation_members as theirs', 'theirs.conversation_id', 'mine.conversation_id')
    .join('conversations as c', 'c.id', 'mine.conversation_id')
    .where('mine.user_id', userId)
    .where('c.encrypted', true)
    .whereIn('theirs.user_id', others)
    .whereNotExists((q) =>
      q.from('blocks as b').whereRaw('(b.blocker_id = mine.user_id and b.blocked_id = theirs.user_id) or (b.blocker_id = theirs.user_id and b.blocked_id = mine.user_id)'),
    )
    .distinct('theirs.user_id');
  for (const row of rows) peers.add(row.user_id);
  return peers;
}

async function keyChanged(db: Db, userId: string): Promise<void> {
  await db('e2ee_key_changes').insert({ user_id: userId });
}

/** Registers the device if it is new, and stores what it uploads; answers its one-time keys left. */
export async function uploadKeys(db: Db, userId: string, deviceId: string, body: { device_keys?: Json; one_time_keys?: Json; fallback_keys?: Json }): Promise<Record<string, number>> {
  await db.transaction(async (trx) => {
    const device = await trx('e2ee_devices').where({ user_id: userId, device_id: deviceId }).first('keys');
    if (!device) {
      const devices = await trx('e2ee_devices').where({ user_id: userId }).count({ count: '*' }).first();
      if (Number(devices?.count ?? 0) >= DEVICES_PER_USER) throw apiError('conflict', { message: `An account has at most ${DEVICES_PER_USER} devices: remove one first.` });
      await trx('e2ee_devices').insert({ user_id: userId, device_id: deviceId });
    }
    if (body.device_keys) {
      if (body.device_keys.user_id !== matrixUserId(userId) || body.device_keys.device_id !== deviceId) {
        throw apiError('validation_failed', { fields: { device_keys: ['names another user or device'] } });
      }
      // Identity keys do not change: a device that wants new ones is a new device.
      if (device?.keys && json(identityOf(device.keys as Json)) !== json(identityOf(body.device_keys))) {
        throw apiError('conflict', { message: 'This device already has other identity keys.' });
      }
      await trx('e2ee_devices').where({ user_id: userId, device_id: deviceId }).update({ keys: json(body.device_keys), last_seen_at: trx.fn.now() });
      if (!device?.keys) await keyChanged(trx, userId);
    }
    for (const [keyId, key] of Object.entries(body.one_time_keys ?? {})) {
      await trx('e2ee_one_time_keys').insert({ user_id: userId, device_id: deviceId, key_id: keyId, algorithm: algorithmOf(keyId), key: json(key) }).onConflict(['user_id', 'device_id', 'key_id']).ignore();
    }
    for (const [keyId, key] of Object.entries(body.fallback_keys ?? {})) {
      await trx('e2ee_fallback_keys')
        .insert({ user_id: userId, device_id: deviceId, algorithm: algorithmOf(keyId), key_id: keyId, key: json(key), used: false })
        .onConflict(['user_id', 'device_id', 'algorithm'])
        .merge();
    }
  });
  return oneTimeKeyCounts(db, userId, deviceId);
}

const identityOf = (keys: Json): unknown => keys.keys;

async function oneTimeKeyCounts(db: Db, userId: string, deviceId: string): Promise<Record<string, number>> {
  const rows: { algorithm: string; count: string | number }[] = await db('e2ee_one_time_keys').where({ user_id: userId, device_id: deviceId }).groupBy('algorithm').select('algorithm').count({ count: '*' });
  return Object.fromEntries(rows.map((row) => [row.algorithm, Number(row.count)]));
}

/** Devices and cross-signing keys of the users asked (all their devices when the list is empty). */
export async function queryKeys(db: Db, viewerId: string, asked: Record<string, string[]>): Promise<Json> {
  const userIds = Object.keys(asked).map(userIdOf);
  const devices: { user_id: string; device_id: string; keys: Json }[] = userIds.length === 0 ? [] : await db('e2ee_devices').whereIn('user_id', userIds).whereNotNull('keys').select('user_id', 'device_id', 'keys');
  const crossSigning: { user_id: string; usage: string; key: Json }[] = userIds.length === 0 ? [] : await db('e2ee_cross_signing_keys').whereIn('user_id', userIds).select('user_id', 'usage', 'key');
  const out = { device_keys: {} as Record<string, Json>, master_keys: {} as Json, self_signing_keys: {} as Json, user_signing_keys: {} as Json, failures: {} };
  for (const id of userIds) out.device_keys[matrixUserId(id)] = {};
  for (const row of devices) {
    const wanted = asked[matrixUserId(row.user_id)] ?? [];
    if (wanted.length === 0 || wanted.includes(row.device_id)) out.device_keys[matrixUserId(row.user_id)]![row.device_id] = row.keys;
  }
  for (const row of crossSigning) {
    // A user-signing key signs other people: only its owner needs it.
    if (row.usage === 'user_signing' && row.user_id !== viewerId) continue;
    (out[`${row.usage}_keys` as 'master_keys'] as Json)[matrixUserId(row.user_id)] = row.key;
  }
  return out;
}

/** One one-time key per device asked (its fallback key once they are gone), each handed out once. */
export async function claimKeys(db: Db, claimerId: string, asked: Record<string, Record<string, string>>): Promise<Json> {
  const peers = await encryptionPeers(db, claimerId, Object.keys(asked).map(userIdOf));
  const claimed: Record<string, Record<string, Json>> = {};
  for (const [matrixId, devices] of Object.entries(asked)) {
    const userId = userIdOf(matrixId);
    if (!peers.has(userId)) continue;
    for (const [deviceId, algorithm] of Object.entries(devices)) {
      const key = await db.transaction(async (trx) => {
        const row = await trx('e2ee_one_time_keys').where({ user_id: userId, device_id: deviceId, algorithm }).orderBy('key_id').forUpdate().skipLocked().first('key_id', 'key');
        if (row) {
          await trx('e2ee_one_time_keys').where({ user_id: userId, device_id: deviceId, key_id: row.key_id }).delete();
          return { [row.key_id as string]: row.key };
        }
        const fallback = await trx('e2ee_fallback_keys').where({ user_id: userId, device_id: deviceId, algorithm }).first('key_id', 'key');
        if (!fallback) return undefined;
        await trx('e2ee_fallback_keys').where({ user_id: userId, device_id: deviceId, algorithm }).update({ used: true });
        return { [fallback.key_id as string]: fallback.key };
      });
      if (key) (claimed[matrixId] ??= {})[deviceId] = key;
    }
  }
  return { one_time_keys: claimed, failures: {} };
}

/** The owner's cross-signing keys: set once, replaced only by the owner's own session. */
export async function uploadCrossSigning(db: Db, userId: string, keys: { master_key?: Json; self_signing_key?: Json; user_signing_key?: Json }): Promise<void> {
  const usages = { master: keys.master_key, self_signing: keys.self_signing_key, user_signing: keys.user_signing_key };
  await db.transaction(async (trx) => {
    for (const [usage, key] of Object.entries(usages)) {
      if (!key) continue;
      if (key.user_id !== matrixUserId(userId)) throw apiError('validation_failed', { fields: { [`${usage}_key`]: ['names another user'] } });
      await trx('e2ee_cross_signing_keys').insert({ user_id: userId, usage, key: json(key) }).onConflict(['user_id', 'usage']).merge();
    }
    await keyChanged(trx, userId);
  });
}

/** Merges signatures into the signer's own devices and cross-signing keys, and into the master keys of people the signer verified. */
export async function uploadSignatures(db: Db, signerId: string, body: Record<string, Record<string, Json>>): Promise<Json> {
  const failures: Record<string, Record<string, { errcode: string; error: string }>> = {};
  for (const [matrixId, keys] of Object.entries(body)) {
    const userId = userIdOf(matrixId);
    for (const [keyId, signed] of Object.entries(keys)) {
      const signatures = (signed.signatures ?? {}) as Record<string, Json>;
      const mine = signatures[matrixUserId(signerId)];
      const merged = await db.transaction(async (trx) => {
        const device = await trx('e2ee_devices').where({ user_id: userId, device_id: keyId }).forUpdate().first('keys');
        if (device?.keys && userId === signerId) {
          await trx('e2ee_devices').where({ user_id: userId, device_id: keyId }).update({ keys: json(withSignatures(device.keys as Json, signerId, mine)) });
          return true;
        }
        const master = await trx('e2ee_cross_signing_keys').where({ user_id: userId, usage: 'master' }).forUpdate().first('key');
        if (master && Object.keys(((master.key as Json).keys ?? {}) as Json).includes(`ed25519:${keyId}`)) {
          await trx('e2ee_cross_signing_keys').where({ user_id: userId, usage: 'master' }).update({ key: json(withSignatures(master.key as Json, signerId, mine)) });
          return true;
        }
        return false;
      });
      if (merged) await keyChanged(db, userId);
      else (failures[matrixId] ??= {})[keyId] = { errcode: 'M_NOT_FOUND', error: 'No such key of yours or of a master key.' };
    }
  }
  return { failures };
}

function withSignatures(key: Json, signerId: string, added: Json | undefined): Json {
  const signatures = { ...((key.signatures ?? {}) as Record<string, Json>) };
  signatures[matrixUserId(signerId)] = { ...(signatures[matrixUserId(signerId)] ?? {}), ...(added ?? {}) };
  return { ...key, signatures };
}

/** Puts each message into its device's inbox: only to people the sender shares an encrypted conversation with and no block. Answers whose inboxes got one. */
export async function sendToDevices(db: Db, senderId: string, type: string, messages: Record<string, Record<string, Json>>): Promise<string[]> {
  const peers = await encryptionPeers(db, senderId, Object.keys(messages).map(userIdOf));
  const filled = new Set<string>();
  await db.transaction(async (trx) => {
    for (const [matrixId, devices] of Object.entries(messages)) {
      const userId = userIdOf(matrixId);
      if (!peers.has(userId)) continue;
      // The person's devices read once: `*` names them all, and a message to a device they do not have is dropped.
      const known = new Set((await trx('e2ee_devices').where({ user_id: userId }).pluck('device_id')) as string[]);
      const rows = Object.entries(devices).flatMap(([deviceId, content]) =>
        (deviceId === '*' ? [...known] : known.has(deviceId) ? [deviceId] : []).map((target) => ({ user_id: userId, device_id: target, sender_id: senderId, type, content: json(content) })),
      );
      if (rows.length === 0) continue;
      await trx('e2ee_to_device').insert(rows);
      filled.add(userId);
    }
  });
  return [...filled];
}

/** The device's inbox after `since` (those up to it are done with and deleted), and whose keys changed after `changesSince`. */
export async function readInbox(db: Db, userId: string, deviceId: string, since: number, changesSince: number): Promise<InboxView> {
  const device = await db('e2ee_devices').where({ user_id: userId, device_id: deviceId }).first('device_id');
  if (!device) throw apiError('not_found', { message: 'No such device: upload its keys first.' });
  await db('e2ee_to_device').where({ user_id: userId, device_id: deviceId }).where('id', '<=', since).delete();
  const rows: { id: string | number; sender_id: string; type: string; content: Json }[] = await db('e2ee_to_device')
    .where({ user_id: userId, device_id: deviceId })
    .orderBy('id')
    .limit(INBOX_PAGE)
    .select('id', 'sender_id', 'type', 'content');
  const changes: { id: string | number; user_id: string }[] = await db('e2ee_key_changes').where('id', '>', changesSince).orderBy('id').select('id', 'user_id');
  const changedIds = [...new Set(changes.map((row) => row.user_id))];
  const visible = changedIds.length === 0 ? new Set<string>() : await encryptionPeers(db, userId, changedIds);
  const fallback: { algorithm: string }[] = await db('e2ee_fallback_keys').where({ user_id: userId, device_id: deviceId, used: false }).select('algorithm');
  const last = await db('e2ee_key_changes').max({ id: 'id' }).first();
  await db('e2ee_devices').where({ user_id: userId, device_id: deviceId }).update({ last_seen_at: db.fn.now() });
  return {
    events: rows.map((row) => ({ sender: matrixUserId(row.sender_id), type: row.type, content: row.content })),
    next: rows.length > 0 ? Number(rows.at(-1)!.id) : since,
    changed: [...visible].map(matrixUserId),
    changesNext: Math.max(changesSince, Number(last?.id ?? 0)),
    oneTimeKeyCounts: await oneTimeKeyCounts(db, userId, deviceId),
    unusedFallbackKeys: fallback.map((row) => row.algorithm),
  };
}

/** Removes one of the owner's devices: its keys, its inbox; the others see the change. */
export async function removeDevice(db: Db, userId: string, deviceId: string): Promise<boolean> {
  const removed: { device_id: string }[] = await db('e2ee_devices').where({ user_id: userId, device_id: deviceId }).delete().returning('device_id');
  if (removed.length > 0) await keyChanged(db, userId);
  return removed.length > 0;
}

/** The owner's devices as a list (its own view). */
export async function listDevices(db: Db, userId: string): Promise<{ deviceId: string; createdAt: string; lastSeenAt: string }[]> {
  const rows: { device_id: string; created_at: Date; last_seen_at: Date }[] = await db('e2ee_devices').where({ user_id: userId }).orderBy('created_at').select('device_id', 'created_at', 'last_seen_at');
  return rows.map((row) => ({ deviceId: row.device_id, createdAt: new Date(row.created_at).toISOString(), lastSeenAt: new Date(row.last_seen_at).toISOString() }));
}
