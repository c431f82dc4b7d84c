/**
 * The owner's secrets sealed with their recovery key for the server to keep (docs/protocol.md,
 * "Recovery"): AES-GCM with a key derived by HKDF-SHA-256 from the recovery key, both WebCrypto's.
 */
import type { SecretStorageBody } from '@volley/shared';

const INFO = new TextEncoder().encode('volley recovery v1');

const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const bytesOf = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function keyOf(recoveryKey: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', bytesOf(recoveryKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INFO }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(recoveryKey: string, secrets: unknown): Promise<SecretStorageBody> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyOf(recoveryKey), new TextEncoder().encode(JSON.stringify(secrets)));
  return { iv: base64(iv), ciphertext: base64(new Uint8Array(ciphertext)) };
}

/** The secrets, or null when the key is not the one they were sealed with (or they were altered). */
export async function open<T>(recoveryKey: string, sealed: SecretStorageBody): Promise<T | null> {
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytesOf(sealed.iv) }, await keyOf(recoveryKey), bytesOf(sealed.ciphertext));
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return null;
  }
}
