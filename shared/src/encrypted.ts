/**
 * An end-to-end encrypted message as the server sees it (docs/protocol.md, "Encrypted messages"):
 * the Megolm event content made by the author's device, which the server stores and relays without
 * reading. Its fields are checked for shape and size only.
 */
import { z } from 'zod';

/** Base64 as Olm writes it (unpadded, standard alphabet). */
const Base64 = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');

export const MEGOLM_ALGORITHM = 'm.megolm.v1.aes-sha2';

/** Room events are never longer than a message can be once encrypted: 4,000 characters, as UTF-8, plus the envelope, in base64. */
export const CIPHERTEXT_MAX_LENGTH = 24_000;

export const EncryptedContent = z.strictObject({
  algorithm: z.literal(MEGOLM_ALGORITHM),
  ciphertext: Base64(CIPHERTEXT_MAX_LENGTH),
  session_id: Base64(64),
  /** Deprecated by Matrix, still written by some versions: kept when present. */
  sender_key: Base64(64).optional(),
  device_id: z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/).optional(),
});
export type EncryptedContent = z.infer<typeof EncryptedContent>;

/** What the server may show of a message's body: nothing of an encrypted one (a preview, a quote, the audit log). */
export const readableBody = (message: { kind?: string | null; body: string }): string => (message.kind === 'encrypted' ? '' : message.body);
