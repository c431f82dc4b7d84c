/**
 * Every string the UI shows goes through `msg`. The current locale is module state, set once at
 * start and by the language picker; the shell provides it as `localeContext`, and
 * elements that only show text take it from their parent as `.locale`: either way a change renders
 * them again.
 */
import { createContext } from '@lit/context';
import { en, type Catalogue, type MessageKey, type Plural } from './en.js';

export type { MessageKey } from './en.js';

export type Locale = 'en' | 'fr';
export const localeNames: Record<Locale, string> = { en: 'English', fr: 'Français' };
export const locales = Object.keys(localeNames) as Locale[];

/** The parts of a catalogue that come when needed (en.ts), beside the one every page shows. */
export type MessagePart = 'later' | 'sign-in' | 'pages';
type Part = 'common' | MessagePart;

// English's first part is in the first load; every other part, and every part of another language,
// is fetched when needed, so that no one downloads a language they do not read, nor a page's text
// before the page.
const loaders: Record<Locale, Record<Part, () => Promise<Partial<Catalogue>>>> = {
  en: {
    common: () => Promise.resolve(en),
    later: async () => (await import('./en-later.js')).enLater,
    'sign-in': async () => (await import('./en-sign-in.js')).enSignIn,
    pages: async () => (await import('./en-pages.js')).enPages,
  },
  fr: {
    common: async () => (await import('./fr.js')).fr,
    later: async () => (await import('./fr-later.js')).frLater,
    'sign-in': async () => (await import('./fr-sign-in.js')).frSignIn,
    pages: async () => (await import('./fr-pages.js')).frPages,
  },
};
const catalogues: Partial<Record<Locale, Partial<Catalogue>>> = { en };
const loading = new Map<string, Promise<void>>([['en common', Promise.resolve()]]);
/** The parts asked for so far: a change of language loads them too before it shows. */
const wanted = new Set<Part>(['common']);
/** The language being fetched (setLocale), if any: a part asked for meanwhile is loaded for it too. */
let next: Locale | null = null;
/** How many times the language was asked for (setLocale): a switch overtaken by a later one does not apply. */
let switches = 0;

function load(locale: Locale, part: Part): Promise<void> {
  const key = `${locale} ${part}`;
  let found = loading.get(key);
  if (!found) {
    found = loaders[locale][part]().then(
      (messages) => void (catalogues[locale] = { ...catalogues[locale], ...messages }),
      (error: unknown) => {
        loading.delete(key);
        throw error;
      },
    );
    loading.set(key, found);
  }
  return found;
}

/** Loads a part of the catalogue in the language shown (and in the one being switched to): a page's loader waits for it. */
export async function loadMessages(part: MessagePart): Promise<void> {
  wanted.add(part);
  await Promise.all([current, ...(next ? [next] : [])].map((locale) => load(locale, part)));
}

/**
 * Imports a module once the part of the catalogue that the first render does without (en-later.ts)
 * is here: what the chat page and the shell fetch on use or after their first render comes through
 * here, so that an element it defines never renders a key (i18n/catalogue-parts.test.ts checks).
 */
export async function withLaterMessages<T>(load: () => Promise<T>): Promise<T> {
  await loadMessages('later');
  return load();
}

const STORAGE_KEY = 'volley.locale';
let current: Locale = 'en';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && Object.hasOwn(localeNames, value);

/** The saved choice, else the browser's language ('fr*' → French), else English. */
export function detectLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  const languages = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/**
 * Makes `locale` the current one once every part asked for is loaded in it: `msg` never mixes two
 * languages. A language asked for later wins: one whose catalogue arrives after it is not shown.
 */
export async function setLocale(locale: Locale, { remember = false } = {}): Promise<void> {
  next = locale;
  const asked = ++switches;
  try {
    await Promise.all([...wanted].map((part) => load(locale, part)));
  } finally {
    if (next === locale) next = null;
  }
  if (asked !== switches) return;
  current = locale;
  if (remember) globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export const getLocale = (): Locale => current;

/** The language last asked for: the one being fetched while its catalogue loads, else the one shown. What a language picker shows as chosen. */
export const chosenLocale = (): Locale => next ?? current;

/**
 * The text for `key` in the current locale, with `{name}` placeholders filled from `params`; a
 * plural text takes the form Intl.PluralRules gives for `params.count` ("1 member", "2 members").
 */
export function msg(key: MessageKey, params: Record<string, string | number> = {}): string {
  // A key of a part not loaded would be a page shown before its text: never in the app (i18n.test.ts), the key itself if it were.
  const text: string | Plural = catalogues[current]?.[key] ?? key;
  const template = typeof text === 'string' ? text : (text[new Intl.PluralRules(current).select(Number(params.count ?? 0))] ?? text.other);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** `msg` for a key built at run time (error codes, reject reasons), with a fallback key. */
export function msgFor(prefix: 'error' | 'reject', code: string, fallback: MessageKey, params?: Record<string, string | number>): string {
  const key = `${prefix}.${code}`;
  return key in (catalogues[current] ?? en) ? msg(key as MessageKey, params) : msg(fallback, params);
}

/** The locale the app shows, a value that changes (read with `subscribe: true`); `msg` reads the same. */
export const localeContext = createContext<Locale>(Symbol('volley.locale'));
