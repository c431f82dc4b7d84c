/**
 * What is wrong with one field of a request, as the API names it in `error.fields`: a stable
 * snake_case id the clients translate, never a sentence in one language. A bound rides after a
 * colon: `too_long:40`, `too_short:3`.
 */
export const FieldProblems = [
  'required',
  'unknown_field',
  /** A key that would reach an object's prototype (`__proto__`). */
  'not_allowed',
  /** Text with a NUL or a lone surrogate (text.ts). */
  'not_well_formed',
  /** Of the wrong type or outside the values allowed (an enum, a literal). */
  'invalid',
  /** Text shorter or longer than the bound, in characters. */
  'too_short',
  'too_long',
  /** A number below or above the bound. */
  'too_small',
  'too_big',
  /** A list with fewer or more items than the bound. */
  'too_few',
  'too_many',
  'id_format',
  'cursor_format',
  'link_format',
  'username_format',
  'email_format',
  'channel_name_format',
  'code_format',
  'recovery_code_format',
  'duration_format',
  'address_format',
  /** A second factor asks a code or a recovery code, one of the two. */
  'one_proof',
  /** A password channel needs a password, and only a password channel has one. */
  'password_channel',
  /** End-to-end encryption is for a private channel, which stays private. */
  'encrypted_private_only',
  /** A round robin's size above its bound of players. */
  'round_robin_size',
  /** A username kept for deleted accounts. */
  'reserved',
  /** Another account or bot has it. */
  'taken',
  /** Another channel has it, in any case: `Games` and `games` are one name. */
  'channel_name_taken',
  'wrong_password',
  /** The actor named themselves where another user is meant. */
  'self',
  /** A date that must be later than now. */
  'not_future',
  /** A date beyond the bound, in days from now. */
  'too_far',
  'password_too_weak',
  'password_common',
  'password_contains_username',
] as const;
export type FieldProblem = (typeof FieldProblems)[number];

/** The problem as it goes out in `error.fields`, with its bound when it has one. */
export const fieldProblem = (problem: FieldProblem, bound?: number | bigint): string => (bound === undefined ? problem : `${problem}:${bound}`);

/** A field message read back: a known problem and its bound, or null for text of an older or other server. */
export function readFieldProblem(text: string): { problem: FieldProblem; bound?: number } | null {
  const [name, bound] = text.split(':', 2);
  const problem = FieldProblems.find((known) => known === name);
  if (!problem) return null;
  const n = bound === undefined ? undefined : Number(bound);
  if (n !== undefined && !Number.isFinite(n)) return null;
  return n === undefined ? { problem } : { problem, bound: n };
}
