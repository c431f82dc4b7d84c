/** How sure the reader may be of who wrote a message (docs/protocol.md, "Verification"). */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import type { Sdk } from './carrier.js';

export type SenderTrust = 'verified' | 'unverified';

/**
 * The machine judges the sender as they stood when the conversation key arrived, and keeps that
 * judgement with the key: a person verified since then, whose device their identity signed, is
 * verified now, for the messages of that key as for later ones.
 */
export async function senderTrust(sdk: Sdk, machine: Crypto.OlmMachine, decrypted: Crypto.DecryptedRoomEvent): Promise<SenderTrust> {
  const shield = decrypted.shieldState(true);
  if (shield.color === sdk.ShieldColor.None) return 'verified';
  if (shield.code !== sdk.ShieldStateCode.UnverifiedIdentity) return 'unverified';
  const identity = await machine.getIdentity(decrypted.sender);
  return identity?.isVerified() ? 'verified' : 'unverified';
}
