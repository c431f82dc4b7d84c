/** Keeps a Y.Text (a draft in my user document) equal to a text field's value with the smallest edit. */
import type * as Y from 'yjs';

/** A UTF-16 unit that is the second half of a surrogate pair. */
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Replaces only the changed middle part, so a concurrent edit elsewhere in the draft survives. The
 * part is cut between code points, never inside a surrogate pair: an emoji stays whole.
 */
export function setDraftText(text: Y.Text, value: string, origin: unknown = null): void {
  const old = text.toString();
  if (old === value) return;
  let start = 0;
  while (start < old.length && start < value.length && old[start] === value[start]) start++;
  if (start > 0 && isLowSurrogate(old.charCodeAt(start))) start--;
  let end = 0;
  while (end < old.length - start && end < value.length - start && old[old.length - 1 - end] === value[value.length - 1 - end]) end++;
  if (end > 0 && isLowSurrogate(old.charCodeAt(old.length - end))) end--;
  text.doc!.transact(() => {
    text.delete(start, old.length - start - end);
    text.insert(start, value.slice(start, value.length - end));
  }, origin);
}
