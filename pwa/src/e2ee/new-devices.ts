/**
 * The other person's devices that appeared since this device last wrote to them: a device nobody
 * verified and this one has not seen is shown before anything is encrypted for it. The devices seen
 * are kept with this device's record (`cryptoDevices`); the first ones seen are taken as they are.
 */
import type { CryptoDevice, MemberDevice } from '@volley/client/e2ee';
import type { VolleyDB } from '../db/db.js';
import { verifyDevice } from './verify.js';

/**
 * Of `peerId`'s devices (`CryptoDevice.devicesOf`), the unverified ones not seen here before. A
 * bot's new device signed with the bot's own key is not asked about: a bot makes one each time it
 * starts, and cannot compare emoji; one it did not sign is.
 */
export async function unseenDevices(db: VolleyDB, myId: string, peer: { id: string; bot?: true }, devices: readonly MemberDevice[]): Promise<string[]> {
  const peerId = peer.id;
  const record = await db.cryptoDevices.get(myId);
  if (devices.length === 0 || !record) return [];
  const seen = record.seenDevices?.[peerId];
  if (!seen) {
    await see(db, myId, peerId, devices.map((one) => one.deviceId));
    return [];
  }
  return devices.filter((one) => !one.verified && !(peer.bot && one.ownerSigned) && !seen.includes(one.deviceId)).map((one) => one.deviceId);
}

async function see(db: VolleyDB, myId: string, peerId: string, deviceIds: string[]): Promise<void> {
  await db.transaction('rw', db.cryptoDevices, async () => {
    const record = await db.cryptoDevices.get(myId);
    if (!record) return;
    const seen = new Set([...(record.seenDevices?.[peerId] ?? []), ...deviceIds]);
    await db.cryptoDevices.put({ ...record, seenDevices: { ...record.seenDevices, [peerId]: [...seen] } });
  });
}

/**
 * Asks what to do about `peer`'s new devices: true to send anyway (they are seen from then on);
 * false to hold the message (verifying the first of them, if that was the answer).
 */
export async function sendToNewDevices(db: VolleyDB, device: CryptoDevice, myId: string, peer: { id: string; name: string }, deviceIds: string[]): Promise<boolean> {
  await import('../components/chat/volley-verification/volley-new-device.js');
  const dialog = document.createElement('volley-new-device');
  document.body.append(dialog);
  const answer = await dialog.ask(peer.name).finally(() => dialog.remove());
  if (answer === 'send') await see(db, myId, peer.id, deviceIds);
  if (answer === 'verify' && deviceIds[0]) void verifyDevice(db, device, myId, peer.id, deviceIds[0]).catch(() => undefined);
  return answer === 'send';
}
