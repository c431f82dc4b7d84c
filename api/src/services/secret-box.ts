/**
 * Secrets the server keeps or hands out under keys derived from JWT_SECRET (one secret to guard,
 * to rotate with JWT_SECRET_PREVIOUS): TOTP secrets sealed at rest with AES-256-GCM, and the
 * short-lived signed challenges of a two-step sign-in.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '@volley/core';

type Keys = Pick<Config, 'jwtSecret' | 'jwtPreviousSecret'>;

const derive = (secret: string, purpose: string): Buffer => createHash('sha256').update(`volley:${purpose}:${secret}`).digest();
const secretsOf = (keys: Keys): string[] => [keys.jwtSecret, ...(keys.jwtPreviousSecret ? [keys.jwtPreviousSecret] : [])];

/** `iv.tag.ciphertext`, base64url each. */
export function seal(keys: Keys, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(keys.jwtSecret, 'seal'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** The sealed text, opened with the current secret or the previous one; null if neither opens it. */
export function unseal(keys: Keys, sealed: string): string | null {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  for (const secret of secretsOf(keys)) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', derive(secret, 'seal'), iv!);
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
    } catch {
      // Sealed under the other secret, or tampered with.
    }
  }
  return null;
}

const mac = (secret: string, payload: string): Buffer => createHmac('sha256', derive(secret, 'challenge')).update(payload).digest();

/** A signed `subject` good until `ttlMs` from now. */
export function signChallenge(keys: Keys, subject: string, ttlMs: number): string {
  const payload = Buffer.from(JSON.stringify({ sub: subject, exp: Date.now() + ttlMs })).toString('base64url');
  return `${payload}.${mac(keys.jwtSecret, payload).toString('base64url')}`;
}

/** The subject of a challenge signed here and not expired; null otherwise. */
export function readChallenge(keys: Keys, challenge: string): string | null {
  const [payload = '', signature = ''] = challenge.split('.');
  const given = Buffer.from(signature, 'base64url');
  const signed = secretsOf(keys).some((secret) => {
    const expected = mac(secret, payload);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return null;
  try {
    const { sub, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown };
    return typeof sub === 'string' && typeof exp === 'number' && exp > Date.now() ? sub : null;
  } catch {
    return null;
  }
}
