/**
 * The words on-device search finds a text by: letters and digits, lower case, accents dropped
 * ("Élève" is found as "eleve" and as "élève"), each once. A word asked matches the start of a word
 * of the text, as a person types it.
 */
export const searchWords = (text: string): string[] => [
  ...new Set(
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [],
  ),
];
