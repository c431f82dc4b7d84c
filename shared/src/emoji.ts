/** What a reaction may be: one emoji, as the picker and the server both understand it. */

// biome-ignore lint/suspicious/noMisleadingCharacterClass: the joiner, VS16 and the keycap mark are listed as parts on purpose (one code point each under /u).
const EMOJI_PARTS = /^[\p{Extended_Pictographic}\p{Emoji_Component}\p{Emoji_Modifier}\u200d\ufe0f\u20e3]+$/u;
/** An emoji component alone (a digit, `#`) is not an emoji; a keycap or a flag is. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the keycap mark alone is what makes `1️⃣` an emoji.
const EMOJI_CORE = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
/** Made on first use: making one loads the locale's break rules, tens of milliseconds on a phone, in the task that loads this module. */
let graphemes: Intl.Segmenter | undefined;

/** True for exactly one emoji grapheme (skin tones, ZWJ sequences, flags and keycaps included). */
export function isSingleEmoji(value: string): boolean {
  if (!EMOJI_PARTS.test(value) || !EMOJI_CORE.test(value)) return false;
  let count = 0;
  for (const _ of (graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(value)) if (++count > 1) return false;
  return count === 1;
}
