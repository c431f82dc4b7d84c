/**
 * A page never shows a key of a part of the catalogue it has not loaded: the chat page's first
 * render (the shell, the page, the conversation's view) uses the part every page has (en.ts); what
 * it fetches later (its dialogs, the composer, a message's rarer parts) that one or the later part
 * (en-later.ts), fetched with it (`withLaterMessages`); each other page those two and the part its
 * route loads with it (app/routes.ts). Read from the sources: every module a page can reach, by
 * static or dynamic import, and every key it names.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { enLater } from './en-later.js';
import { enPages } from './en-pages.js';
import { enSignIn } from './en-sign-in.js';
import { frLater } from './fr-later.js';
import { frPages } from './fr-pages.js';
import { frSignIn } from './fr-sign-in.js';
import { chosenLocale, getLocale, loadMessages, msg, setLocale } from './i18n.js';

const src = dirname(dirname(fileURLToPath(import.meta.url)));
const parts: Record<string, Record<string, unknown>> = { common: en, later: enLater, 'sign-in': enSignIn, pages: enPages };
const keys = Object.values(parts).flatMap((part) => Object.keys(part));
const ROUTES = join(src, 'app/routes.ts');
const CATALOGUES = join(src, 'i18n/i18n.ts');
/** What the chat page renders first, with a conversation open: the shell, the page and its view. */
const FIRST_RENDER = ['app/volley-app.ts', 'pages/page-chat/page-chat.ts', 'pages/page-chat/conversation-view.ts'].map((file) => join(src, file));

const read = (file: string): string => readFileSync(file, 'utf8');
const resolve = (from: string, path: string): string => join(dirname(from), path.replace(/\.js$/, '.ts'));

/**
 * The modules `file` imports, statically or not (or only statically); the route table's pages and
 * the catalogue's parts are reached apart. `wrapped: false` leaves out the dynamic imports made
 * with `withLaterMessages`, which bring the later part with them.
 */
function imports(file: string, dynamic = true, wrapped = true): string[] {
  if (file === ROUTES || file === CATALOGUES) return [...read(file).matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gm)].map(([, path]) => resolve(file, path!));
  const found = dynamic ? /^import (?!type )[^;]*?from '(\.[^']+)'|^import '(\.[^']+)'|(withLaterMessages\(\(\) => )?import\('(\.[^']+)'\)/gm : /^import (?!type )[^;]*?from '(\.[^']+)'|^import '(\.[^']+)'/gm;
  return [...read(file).matchAll(found)].filter((match) => wrapped || !match[3]).map((match) => resolve(file, (match[1] ?? match[2] ?? match[4])!));
}

function reach(start: string, dynamic = true, wrapped = true): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of imports(file, dynamic, wrapped)) visit(next);
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
    expect([fr, frLater, frSignIn, frPages].map((part) => Object.keys(part).sort())).toEqual(Object.values(parts).map((part) => Object.keys(part).sort()));
  });

  it('the chat page renders first with the part every page has', () => {
    const first = new Set(FIRST_RENDER.flatMap((file) => [...reach(file, false)]));
    const missing = [...first].flatMap((file) => keysIn(file).filter((key) => !(key in en)).map((key) => `${relative(src, file)}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('what the first render fetches later, if it shows a message of the later part, comes with it (withLaterMessages)', () => {
    const first = new Set(FIRST_RENDER.flatMap((file) => [...reach(file, false)]));
    first.delete(ROUTES);
    const missing = [...first].flatMap((file) =>
      [...read(file).matchAll(/(withLaterMessages\(\(\) => )?import\('(\.[^']+)'\)/g)]
        .filter(([, wrapped, path]) => !wrapped && !first.has(resolve(file, path!)) && [...reach(resolve(file, path!), true, false)].some((reached) => keysIn(reached).some((key) => key in enLater)))
        .map(([, , path]) => `${relative(src, file)}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('the shell and the chat page name only keys of the part every page has or of the later one', () => {
    const shown = reach(join(src, 'main.ts'));
    for (const page of pages.filter(({ part }) => part === 'common')) for (const file of reach(page.file)) shown.add(file);
    const missing = [...shown].flatMap((file) => keysIn(file).filter((key) => !(key in en) && !(key in enLater)).map((key) => `${relative(src, file)}: ${key}`));
    expect(missing).toEqual([]);
  });

  it('every other page names only keys of its part, of the one every page has or of the later one', () => {
    const missing = pages.flatMap(({ part, file: page }) =>
      [...reach(page)].flatMap((file) => keysIn(file).filter((key) => !(key in en) && !(key in enLater) && !(key in parts[part]!)).map((key) => `${relative(src, file)} (${part}): ${key}`)),
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

    it('the language chosen last is shown, though one chosen before it arrives later', async () => {
      const french = setLocale('fr');
      expect(chosenLocale()).toBe('fr');
      await setLocale('en');
      await french;
      expect(getLocale()).toBe('en');
      expect(chosenLocale()).toBe('en');
    });
  });
});
