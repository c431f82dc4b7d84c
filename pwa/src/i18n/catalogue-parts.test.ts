/**
 * A page never shows a key of a part of the catalogue it has not loaded: the shell and the chat page
 * (and everything they fetch later, their dialogs and a message's parts) use the part every page has
 * (en.ts), and each other page the part its route loads with it (app/routes.ts). Read from the
 * sources: every module a page can reach, by static or dynamic import, and every key it names.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { enPages } from './en-pages.js';
import { enSignIn } from './en-sign-in.js';
import { frPages } from './fr-pages.js';
import { frSignIn } from './fr-sign-in.js';
import { loadMessages, msg, setLocale } from './i18n.js';

const src = dirname(dirname(fileURLToPath(import.meta.url)));
const parts: Record<string, Record<string, unknown>> = { common: en, 'sign-in': enSignIn, pages: enPages };
const keys = Object.values(parts).flatMap((part) => Object.keys(part));
const ROUTES = join(src, 'app/routes.ts');
const CATALOGUES = join(src, 'i18n/i18n.ts');

const read = (file: string): string => readFileSync(file, 'utf8');
const resolve = (from: string, path: string): string => join(dirname(from), path.replace(/\.js$/, '.ts'));

/** The modules `file` imports, statically or not; the route table's pages and the catalogue's parts are reached apart. */
function imports(file: string): string[] {
  if (file === ROUTES || file === CATALOGUES) return [...read(file).matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gm)].map(([, path]) => resolve(file, path!));
  return [...read(file).matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'|^import '(\.[^']+)'|import\('(\.[^']+)'\)/gm)].map((found) => resolve(file, (found[1] ?? found[2] ?? found[3])!));
}

function reach(start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of imports(file)) visit(next);
  };
  visit(start);
  return seen;
}

/** Each page of the route table, with the part of the catalogue its route loads (none: the chat page). */
const pages = [...read(ROUTES).matchAll(/(?:withMessages\('([\w-]+)', )?\(\) => import\('(\.[^']+)'\)/g)].map(([, part, path]) => ({ part: part ?? 'common', file: resolve(ROUTES, path!) }));

/** The keys a module names: literally, or as the start of one built from a prefix (`tone.${meaning}`, msgFor('error', …)). */
function keysIn(file: string): string[] {
  if (/[\\/]i18n[\\/](en|fr)[\w-]*\.ts$/.test(file)) return [];
  const text = read(file);
  const prefixes = [...text.matchAll(/`([a-zA-Z]+\.(?:[a-zA-Z]+\.)*)\$\{/g), ...text.matchAll(/msgFor\(\s*'(\w+)'/g)].map(([whole, prefix]) => (whole.startsWith('msgFor') ? `${prefix}.` : prefix!));
  return keys.filter((key) => text.includes(`'${key}'`) || prefixes.some((prefix) => key.startsWith(prefix)));
}

describe('the parts of the catalogue', () => {
  it('each key is in one part, in both languages', async () => {
    expect(new Set(keys).size).toBe(keys.length);
    const { fr } = await import('./fr.js');
    expect([fr, frSignIn, frPages].map((part) => Object.keys(part).sort())).toEqual(Object.values(parts).map((part) => Object.keys(part).sort()));
  });

  it('the shell and the chat page name only keys of the part every page has', () => {
    const shown = reach(join(src, 'main.ts'));
    for (const page of pages.filter(({ part }) => part === 'common')) for (const file of reach(page.file)) shown.add(file);
    const missing = [...shown].flatMap((file) => keysIn(file).filter((key) => !(key in en)).map((key) => `${relative(src, file)}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('every other page names only keys of its part or of the one every page has', () => {
    const missing = pages.flatMap(({ part, file: page }) =>
      [...reach(page)].flatMap((file) => keysIn(file).filter((key) => !(key in en) && !(key in parts[part]!)).map((key) => `${relative(src, file)} (${part}): ${key}`)),
    );
    expect(missing).toEqual([]);
  });

  describe('in the language shown', () => {
    afterEach(() => setLocale('en'));

    it('a change of language brings every part asked for so far, and one asked for meanwhile', async () => {
      await loadMessages('pages');
      const switching = setLocale('fr');
      await loadMessages('sign-in');
      await switching;
      expect(msg('auth.login.title')).toBe(frSignIn['auth.login.title']);
      expect(msg('settings.title')).toBe(frPages['settings.title']);
    });
  });
});
