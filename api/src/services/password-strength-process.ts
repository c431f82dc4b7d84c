/**
 * The password checker's process (password-strength.ts starts it): zxcvbn and its dictionaries,
 * which only this process loads, judging each new password the server sends over the IPC channel,
 * at the server's priority. Imports types alone of ours: it is forked from the sources too (through
 * tsx), and loads only what it needs.
 */
import type { PasswordRefusal } from '@volley/shared';

export interface StrengthJob {
  id: number;
  password: string;
  /** The account's, which the password must not contain nor be guessed from. */
  username: string;
  email: string;
}

/** `refusal`: why the password is refused, or null when it is strong enough. */
export interface StrengthAnswer {
  id: number;
  refusal: PasswordRefusal | null;
}

/** zxcvbn's "safely unguessable" (score 3 of 4): at least 10^8 guesses. */
const MIN_SCORE = 3;

const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
  import('@zxcvbn-ts/core'),
  import('@zxcvbn-ts/language-common'),
  import('@zxcvbn-ts/language-en'),
  import('@zxcvbn-ts/language-fr'),
]);
// Common and breached passwords, and English and French words, names and keyboard patterns.
const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary }, graphs: common.adjacencyGraphs });

function passwordRefusal({ password, username, email }: StrengthJob): PasswordRefusal | null {
  if (password.toLowerCase().includes(username.toLowerCase())) return 'password_contains_username';
  const result = zxcvbn.check(password, [username, email, email.split('@')[0]!]);
  const [only, ...rest] = result.sequence;
  if (rest.length === 0 && only?.pattern === 'dictionary' && String(only.dictionaryName).startsWith('passwords')) return 'password_common';
  return result.score < MIN_SCORE ? 'password_too_weak' : null;
}

// Jobs sent while the dictionaries load wait in the channel; then one at a time, in the order they came.
process.on('message', (job: StrengthJob) => {
  process.send?.({ id: job.id, refusal: passwordRefusal(job) } satisfies StrengthAnswer);
});
// The server that started it has gone: so does it.
process.on('disconnect', () => process.exit(0));
