/**
 * Emoji verification in the app (docs/architecture.md §11): a request from another device is shown
 * as soon as this device's inbox brings it, whatever page is open; one this person starts (with the
 * other person of a DM, or with another device of their own) shows the same dialog. Once verified,
 * the messages read before are read again, so their mark turns to a lock.
 */
import type { CryptoDevice, Verification } from '@volley/client/e2ee';
import type { VolleyDB } from '../db/db.js';
import { msg } from '../i18n/i18n.js';
import { readAgain } from './reading.js';

/** Told (a `verified` event) when a verification ends verified here: what shows who is verified looks again. */
export const verifications = new EventTarget();

/** Shows each request another device makes of this one, once. */
export function watchVerifications(db: VolleyDB, device: CryptoDevice, myId: string): () => void {
  const shown = new Set<string>();
  return device.verifications.onChange(() => {
    for (const verification of device.verifications.incoming()) {
      if (shown.has(verification.flowId)) continue;
      shown.add(verification.flowId);
      void follow(db, device, myId, verification);
    }
  });
}

/** Asks `userId`'s device (another person's, or one's own) to compare emoji, and shows the comparison. */
export async function verifyDevice(db: VolleyDB, device: CryptoDevice, myId: string, userId: string, deviceId: string): Promise<boolean> {
  return follow(db, device, myId, await device.verifications.start(userId, deviceId));
}

/** Verifies this device with another of the same account's (the one not verified yet, if any); false when there is none. */
export async function verifyOwnDevice(db: VolleyDB, device: CryptoDevice, myId: string): Promise<boolean> {
  const others = await device.devicesOf(myId);
  const other = others.find((one) => !one.verified) ?? others[0];
  return other ? verifyDevice(db, device, myId, myId, other.deviceId) : false;
}

async function follow(db: VolleyDB, device: CryptoDevice, myId: string, verification: Verification): Promise<boolean> {
  const own = verification.userId === myId;
  const name = own ? msg('verify.yourDevice') : await nameOf(db, verification.userId);
  // Its own chunk, fetched with the first verification: nothing of it rides with the conversation's.
  await import('../components/chat/volley-verification/volley-verification.js');
  const dialog = document.createElement('volley-verification');
  // In the document itself: shown over whatever page is open.
  document.body.append(dialog);
  let done: Promise<void> | null = null;
  // As soon as it is verified (the dialog still says so), or at the latest when the dialog closes.
  const settle = () => {
    if (verification.state === 'verified') done ??= afterVerified(db, device, myId, own ? true : verification.userId);
  };
  const stop = device.verifications.onChange(settle);
  try {
    const verified = await dialog.follow(verification, device.verifications, { name, own });
    settle();
    await done;
    return verified;
  } finally {
    stop();
    dialog.remove();
  }
}

async function afterVerified(db: VolleyDB, device: CryptoDevice, myId: string, whose: string | true): Promise<void> {
  await readAgain(db, device, myId, { unverified: whose });
  // One's own new device asks the verified one for the keys of earlier messages: read again once they come.
  if (whose === true) await readAgain(db, device, myId);
  await device.sync().catch(() => undefined);
  // What the verification signed may be taken in only with that sync (its signatures uploaded, the
  // other's keys asked again): what still reads as not verified is read once more.
  await readAgain(db, device, myId, { unverified: whose });
  verifications.dispatchEvent(new Event('verified'));
}

/** A person's name as this device knows it: from the DM with them. */
async function nameOf(db: VolleyDB, userId: string): Promise<string> {
  const dm = await db.conversations.filter((conversation) => conversation.peer?.id === userId).first();
  return dm?.peer ? dm.peer.displayName || dm.peer.username : msg('verify.someone');
}
