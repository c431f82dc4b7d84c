/** Keeps a Y.Text (a draft in my user document) equal to a text field's value with the smallest edits. */
import diff from 'fast-diff';
import type * as Y from 'yjs';

/**
 * Applies only the changed parts (fast-diff, which never cuts a surrogate pair: an emoji stays
 * whole), so a concurrent edit elsewhere in the draft survives.
 */
export function setDraftText(text: Y.Text, value: string, origin: unknown = null): void {
  const old = text.toString();
  if (old === value) return;
  text.doc!.transact(() => {
    let at = 0;
    for (const [op, part] of diff(old, value)) {
      if (op === diff.EQUAL) at += part.length;
      else if (op === diff.DELETE) text.delete(at, part.length);
      else {
        text.insert(at, part);
        at += part.length;
      }
    }
  }, origin);
}
