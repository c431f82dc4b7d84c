import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';
import type { PasswordRefusal } from '@volley/shared';
import { apiError } from '../errors.js';

// Common and breached passwords, and English and French words, names and keyboard patterns.
const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary }, graphs: common.adjacencyGraphs });

/** zxcvbn's "safely unguessable" (score 3 of 4): at least 10^8 guesses. */
const MIN_SCORE = 3;

/** Why a new password is refused for this account, if it is. */
export function passwordRefusal(password: string, account: { username: string; email: string }): PasswordRefusal | undefined {
  if (password.toLowerCase().includes(account.username.toLowerCase())) return 'password_contains_username';
  const result = zxcvbn.check(password, [account.username, account.email, account.email.split('@')[0]!]);
  const [only, ...rest] = result.sequence;
  if (rest.length === 0 && only?.pattern === 'dictionary' && String(only.dictionaryName).startsWith('passwords')) return 'password_common';
  return result.score < MIN_SCORE ? 'password_too_weak' : undefined;
}

/** Refuses a weak new password with its reason as the field's message. */
export function requireStrongPassword(password: string, account: { username: string; email: string }, field = 'password'): void {
  const refusal = passwordRefusal(password, account);
  if (refusal) throw apiError('validation_failed', { fields: { [field]: [refusal] } });
}
