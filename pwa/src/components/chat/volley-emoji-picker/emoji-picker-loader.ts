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
 * style): its `<style>` becomes an adopted stylesheet, and the `style` attributes its templates
 * write (grid columns, the category indicator, the skin tone list) are applied again through the
 * CSSOM, which the CSP allows. The browser still reports the refused attributes on the console.
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
  const applied = new WeakMap<Element, string>();
  const apply = (element: Element): void => {
    const written = element.getAttribute('style');
    if (written === null || applied.get(element) === written || !(element instanceof HTMLElement)) return;
    element.style.cssText = written;
    applied.set(element, element.getAttribute('style') ?? '');
  };
  const applyAll = (): void => root.querySelectorAll('[style]').forEach(apply);
  new MutationObserver(applyAll).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
  applyAll();
  return picker;
}

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
