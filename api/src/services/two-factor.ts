/**
 * Two-factor authentication with TOTP (RFC 6238; docs/architecture.md §5, "Accounts"): set up,
 * confirmed by a first code, asked at sign-in after the password and to turn it off. A code is
 * good once: the last time step accepted is kept per user. Ten recovery codes, stored hashed,
 * each good once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { User, type Config, type Db } from '@volley/core';
import type { TwoFactorSetup } from '@volley/shared';
import { ApiError, apiError } from '../errors.js';
import type { Throttle } from '../throttles/index.js';
import { readChallenge, seal, signChallenge, unseal } from './secret-box.js';

/** `throttle`: failed codes are counted per account (the api's `credential` throttle); none in unit use. */
type Deps = { db: Db; config: Config; throttle?: Throttle };

const CHALLENGE_TTL_MS = 5 * 60_000;
const RECOVERY_CODES = 10;
const PERIOD = 30;

const totpOf = (secret: string, label = ''): TOTP => new TOTP({ issuer: 'Volley', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
const hashCode = (code: string): string => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

async function ownUser(db: Db, userId: string): Promise<User> {
  const user = await User.query(db).findById(userId);
  if (!user) throw apiError('unauthenticated');
  return user;
}

/** A new secret, kept pending until a first code confirms it. */
export async function setUpTwoFactor({ db, config }: Deps, userId: string): Promise<TwoFactorSetup> {
  const user = await ownUser(db, userId);
  if (user.totpSecret) throw apiError('two_factor_on');
  const secret = new Secret({ size: 20 }).base32;
  await user.$query(db).patch({ totpPendingSecret: seal(config, secret) });
  const uri = totpOf(secret, user.username).toString();
  const { default: QRCode } = await import('qrcode');
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1 }) };
}

/** The pending secret confirmed by `code`: 2FA is on; the recovery codes, shown once, are returned. */
export async function enableTwoFactor({ db, config }: Deps, userId: string, code: string): Promise<string[]> {
  const user = await ownUser(db, userId);
  const secret = user.totpPendingSecret && unseal(config, user.totpPendingSecret);
  if (user.totpSecret) throw apiError('two_factor_on');
  if (!secret) throw apiError('two_factor_not_set_up');
  const step = matchingStep(secret, code);
  if (step === null) throw apiError('invalid_code');
  const codes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(8).toString('hex').replace(/^(.{8})/, '$1-'));
  await db.transaction(async (trx) => {
    await User.query(trx).findById(userId).patch({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpLastStep: step });
    await trx('recovery_codes').where({ user_id: userId }).delete();
    await trx('recovery_codes').insert(codes.map((c) => ({ user_id: userId, code_hash: hashCode(c) })));
  });
  return codes;
}

/** Off, on a current code (or a recovery code: the phone may be what was lost). */
export async function disableTwoFactor(deps: Deps, userId: string, proof: { code?: string; recoveryCode?: string }): Promise<void> {
  const user = await ownUser(deps.db, userId);
  if (!user.totpSecret) throw apiError('two_factor_off');
  await proveSecondFactor(deps, user, proof);
  await deps.db.transaction(async (trx) => {
    await User.query(trx).findById(userId).patch({ totpSecret: null, totpPendingSecret: null, totpLastStep: null });
    await trx('recovery_codes').where({ user_id: userId }).delete();
  });
}

/** After the right password: a 2FA account is answered 401 `two_factor_required` with a challenge. */
export function askSecondFactor(config: Config, user: User): void {
  if (user.totpSecret) throw apiError('two_factor_required', { extra: { challenge: signChallenge(config, user.id, CHALLENGE_TTL_MS) } });
}

/** The user whose challenge this is, once the code or recovery code is proved. */
export async function passSecondFactor(deps: Deps, input: { challenge: string; code?: string; recoveryCode?: string }): Promise<User> {
  const userId = readChallenge(deps.config, input.challenge);
  const user = userId ? await User.query(deps.db).findById(userId) : undefined;
  if (!user?.totpSecret) throw apiError('invalid_code', { message: 'This sign-in expired; enter your password again.' });
  await proveSecondFactor(deps, user, input);
  return user;
}

/** Guessing codes is as slow as guessing passwords: each wrong one spends the account's credential budget. */
function proveSecondFactor(deps: Deps, user: User, proof: { code?: string; recoveryCode?: string }): Promise<void> {
  const prove = () => checkSecondFactor(deps, user, proof);
  return deps.throttle ? deps.throttle.guard(user.id, prove, (err) => err instanceof ApiError && err.code === 'invalid_code') : prove();
}

async function checkSecondFactor({ db, config }: Deps, user: User, proof: { code?: string; recoveryCode?: string }): Promise<void> {
  if (proof.recoveryCode) {
    const used = await db('recovery_codes').where({ user_id: user.id, code_hash: hashCode(proof.recoveryCode) }).whereNull('used_at').update({ used_at: new Date() });
    if (used !== 1) throw apiError('invalid_code');
    return;
  }
  const secret = user.totpSecret && unseal(config, user.totpSecret);
  const step = secret && proof.code ? matchingStep(secret, proof.code) : null;
  if (step === null) throw apiError('invalid_code');
  // Atomic: of two requests with the same code, one moves the step forward and the other is refused.
  const moved = await db('users').where({ id: user.id }).andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step)).update({ totp_last_step: step });
  if (moved !== 1) throw apiError('code_used');
}

/** The time step `code` is right for, one step of clock drift either way; null if none. */
function matchingStep(secret: string, code: string): number | null {
  const delta = totpOf(secret).validate({ token: code.replace(/\s/g, ''), window: 1 });
  return delta === null ? null : Math.floor(Date.now() / 1000 / PERIOD) + delta;
}
