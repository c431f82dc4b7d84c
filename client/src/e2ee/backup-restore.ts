/** Takes every conversation key in the owner's key backup into a device (docs/protocol.md, "Recovery"). */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import { matrixUserId } from '@volley/shared';
import type { RequestCarrier, Sdk } from './carrier.js';

/**
 * The people of the owner's encrypted DMs are learnt first: the machine judges each key's sender
 * when the key comes in, and keeps that judgement, so a key whose sender's device it did not know
 * yet would never read as theirs.
 */
export async function restoreBackup(sdk: Sdk, machine: Crypto.OlmMachine, carrier: RequestCarrier, key: Crypto.BackupDecryptionKey, version: string): Promise<void> {
  const peers = (await carrier.api.conversations()).flatMap((conversation) => (conversation.encrypted && conversation.peer ? [conversation.peer.id] : []));
  await machine.updateTrackedUsers(peers.map((id) => new sdk.UserId(matrixUserId(id))));
  await carrier.flush();
  const { rooms } = await carrier.api.request('GET', `/e2ee/room-keys/keys?version=${version}`, { schema: (s) => s.KeyBackupBody });
  const sessions = new Map<Crypto.RoomId, Map<string, unknown>>();
  for (const [roomId, { sessions: backedUp }] of Object.entries(rooms)) {
    const decrypted = new Map<string, unknown>();
    for (const [sessionId, data] of Object.entries(backedUp)) {
      const { ephemeral, mac, ciphertext } = (data as { session_data: { ephemeral: string; mac: string; ciphertext: string } }).session_data;
      decrypted.set(sessionId, JSON.parse(key.decryptV1(ephemeral, mac, ciphertext)));
    }
    sessions.set(new sdk.RoomId(roomId), decrypted);
  }
  await machine.importBackedUpRoomKeys(sessions, () => undefined, version);
}
