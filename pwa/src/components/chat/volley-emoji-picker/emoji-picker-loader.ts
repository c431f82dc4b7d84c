/**
 * The emoji picker (`emoji-picker-element`) and its data, fetched only when a picker opens or the
 * composer completes a `:shortcode:`. The data is served by our own origin (a file of the build,
 * never a CDN: the CSP allows `connect-src 'self'` only) and kept by the picker in IndexedDB, so
 * it keeps working offline once seen.
 */
import { Database, Picker } from 'emoji-picker-element';
import frI18n from 'emoji-picker-element/i18n/fr.js';
import enData from 'emoji-picker-element-data/en/emojibase/data.json?url';
import frData from 'emoji-picker-element-data/fr/emojibase/data.json?url';
import type { Locale } from '../../../i18n/i18n.js';

const DATA: Record<Locale, string> = { en: enData, fr: frData };

/**
 * A picker in the reader's language, made to work under our CSP (`style-src 'self'`, no inline
 * style): its `<style>` becomes an adopted stylesheet before it is connected, and the styles its
 * templates write (grid columns, the category indicator, the rows), which the build turns into
 * `data-style` attributes (vite.config.ts), are applied through the CSSOM, which the CSP allows: the
 * browser has nothing to refuse. Its search lists exact names first, and Enter picks the first result.
 */
export function createPicker(locale: Locale): HTMLElement {
  const picker = new Picker({ locale, dataSource: DATA[locale], ...(locale === 'fr' ? { i18n: frI18n } : {}) });
  const root = picker.shadowRoot!;
  const inline = root.querySelector('style');
  if (inline) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(inline.textContent ?? '');
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    inline.remove();
  }
  const apply = (element: Element): void => {
    if (element instanceof HTMLElement) element.style.cssText = element.dataset.style ?? '';
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') apply(change.target as Element);
      else change.addedNodes.forEach((node) => node instanceof Element && [node, ...node.querySelectorAll('[data-style]')].forEach(apply));
    }
  }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-style'] });
  root.querySelectorAll('[data-style]').forEach(apply);
  // Before the field's own handler, which on a first Enter only marks the first result.
  root.addEventListener('keydown', (event) => pickFirstOnEnter(root, event as KeyboardEvent), { capture: true });
  return picker;
}

/** Enter in the search field, no result chosen with the arrows: the first result, as chats do. */
function pickFirstOnEnter(root: ShadowRoot, event: KeyboardEvent): void {
  const field = event.target;
  if (event.key !== 'Enter' || !(field instanceof HTMLInputElement) || field.id !== 'search' || field.getAttribute('aria-activedescendant')) return;
  const first = root.querySelector<HTMLElement>('#search-results [role=option]');
  if (!first) return;
  event.preventDefault();
  event.stopPropagation();
  first.click();
}

/**
 * Search results with the emoji whose name or shortcode is the query first, then those whose name
 * starts with it, each group in the picker's own order: "fire" gives 🔥 before 🧨 and 🚒.
 */
const search = Database.prototype.getEmojiBySearchQuery;
Database.prototype.getEmojiBySearchQuery = async function (this: Database, query: string) {
  const found = await search.call(this, query);
  const q = query.trim().toLowerCase();
  const rank = (emoji: (typeof found)[number]): number => {
    const names = ['annotation' in emoji ? emoji.annotation : emoji.name, ...(emoji.shortcodes ?? [])].map((name) => name?.toLowerCase() ?? '');
    if (names.includes(q)) return 0;
    return names.some((name) => name.startsWith(q)) ? 1 : 2;
  };
  return found
    .map((emoji, at) => ({ emoji, at, rank: rank(emoji) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map(({ emoji }) => emoji);
};

/** Shortcodes are English words whatever the reader's language, as in the chats people know. */
let shortcodes: Database | null = null;

export interface ShortcodeMatch {
  shortcode: string;
  unicode: string;
}

/** Emoji whose shortcode starts with `prefix` (`:thu` → 👍 `thumbsup`), the exact one first. */
export async function findByShortcode(prefix: string, limit = 8): Promise<ShortcodeMatch[]> {
  shortcodes ??= new Database({ locale: 'en', dataSource: DATA.en });
  const lower = prefix.toLowerCase();
  const found = await shortcodes.getEmojiBySearchQuery(lower);
  const matches: ShortcodeMatch[] = [];
  for (const emoji of found) {
    if (!('unicode' in emoji)) continue;
    const shortcode = emoji.shortcodes?.find((code) => code.startsWith(lower));
    if (shortcode) matches.push({ shortcode, unicode: emoji.unicode });
  }
  return matches.sort((a, b) => Number(b.shortcode === lower) - Number(a.shortcode === lower) || a.shortcode.length - b.shortcode.length).slice(0, limit);
}
