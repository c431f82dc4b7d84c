/** A person's devices as this device sees them: which ones it may trust to be theirs (docs/protocol.md, "Verification"). */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import { matrixUserId } from '@volley/shared';
import type { RequestCarrier, Sdk } from './carrier.js';

export interface MemberDevice {
  deviceId: string;
  /** This device verified it, or its owner (verified by this device's owner) signed it as theirs. */
  verified: boolean;
  /** Its owner's cross-signing key signed it as theirs (a bot restarted from its recovery key signs its new device so), verified or not. */
  ownerSigned: boolean;
}

/** `userId`'s devices (one's own but this one) as of the device's last sync: one they added shows before anything is encrypted for it. */
export async function memberDevices(sdk: Sdk, machine: Crypto.OlmMachine, carrier: RequestCarrier, userId: string): Promise<MemberDevice[]> {
  const user = () => new sdk.UserId(matrixUserId(userId));
  await machine.updateTrackedUsers([user()]);
  await carrier.flush();
  const devices = (await machine.getUserDevices(user(), 0)).devices();
  return devices
    .filter((device) => !(device.userId.toString() === machine.userId.toString() && device.deviceId.toString() === machine.deviceId.toString()))
    .map((device) => ({ deviceId: device.deviceId.toString(), verified: device.isVerified(), ownerSigned: device.isCrossSignedByOwner() }))
    .sort((a, b) => a.deviceId.localeCompare(b.deviceId));
}
