/**
 * Keeps the `decrypted` table's `words` (on-device search's index, chat/local-search.ts) in step
 * with each row's text, whichever module writes it: hooks on the table, set by the first module
 * that writes or searches it (both load apart from the first load, and so does this), and the rows
 * kept before there was an index given their words then.
 */
import { searchWords } from '../chat/search-words.js';
import type { DecryptedMessage, VolleyDB } from '../db/db.js';

/** The words of a row's text and its files' names, as on-device search looks them up. */
export const wordsOf = (row: Pick<DecryptedMessage, 'body' | 'files'>): string[] => searchWords([row.body, ...(row.files ?? []).map((file) => file.name)].join(' '));

const indexed = new WeakMap<VolleyDB, Promise<unknown>>();

/** Resolves once every row kept has its words; from then on each write sets them. */
export function indexDecrypted(db: VolleyDB): Promise<unknown> {
  let done = indexed.get(db);
  if (!done) {
    db.decrypted.hook('creating', (_key, row) => void (row.words = wordsOf(row)));
    db.decrypted.hook('updating', (changes: Partial<DecryptedMessage>, _key, row) => ('body' in changes || 'files' in changes ? { words: wordsOf({ ...row, ...changes }) } : undefined));
    done = db.decrypted
      .filter((row) => row.words === undefined)
      .modify((row) => void (row.words = wordsOf(row)))
      .catch(() => undefined);
    indexed.set(db, done);
  }
  return done;
}
