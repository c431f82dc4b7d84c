/**
 * The Markdown of a message body, read by markdown-it with raw HTML off: bold, italic, strike,
 * inline code and code blocks, quotes, lists, links (written or bare, found by linkify-it). The
 * client renders the tokens as DOM nodes (never HTML) and the server finds mentions in them, so
 * who is notified and what is highlighted follow one rule: `@name` in text, never inside code or a
 * link. Its own entry point (`@volley/shared/markdown`): the PWA loads it only when a chat shows.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import { findMentions, safeHref, uniqueUsernames, type MentionMatch } from './mentions.js';
import { excerpt } from './document.js';
import { PREVIEW_LENGTH } from './presence.js';
import { startOf } from './text.js';

export type { Token };

const markdown = new MarkdownIt('zero', { html: false, linkify: true, breaks: true })
  .enable(['emphasis', 'strikethrough', 'backticks', 'escape', 'entity', 'newline', 'link', 'linkify', 'autolink', 'fence', 'blockquote', 'list', 'paragraph'])
  .enable(['balance_pairs', 'fragments_join', 'text_join'], true);
markdown.validateLink = (url) => safeHref(url) !== null;
// Bare links need their scheme: `me@example.com`, `file.txt` or `v1.2` stay text.
markdown.linkify.set({ fuzzyEmail: false, fuzzyLink: false });

/** The block tokens of a body; inline content sits in `inline` tokens' `children`. */
export function parseMessage(body: string): Token[] {
  return markdown.parse(body, {});
}

/** The mentions in a body's text, outside code and links, in order. */
export function bodyMentions(tokens: readonly Token[]): MentionMatch[] {
  const found: MentionMatch[] = [];
  for (const block of tokens) {
    let inLink = 0;
    for (const token of block.children ?? []) {
      if (token.type === 'link_open') inLink++;
      else if (token.type === 'link_close') inLink--;
      else if (token.type === 'text' && inLink === 0) found.push(...findMentions(token.content));
    }
  }
  return found;
}

/**
 * The usernames a message body mentions, lower-cased, each once: whom the server notifies. A body
 * with neither `@` nor `&` (an entity such as `&#64;` may write one) mentions nobody: most messages
 * are never parsed here.
 */
export function mentionedUsernames(body: string): string[] {
  if (!body.includes('@') && !body.includes('&')) return [];
  return uniqueUsernames(bodyMentions(parseMessage(body)));
}

/**
 * The body's first web link (http or https, written as a link or bare), outside code: the one a
 * link preview is made for. Read by the server that fetches it and by the renderer that shows the
 * card, so an edit that drops the link drops its card.
 */
export function firstWebLink(body: string): string | undefined {
  if (!/https?:/i.test(body)) return undefined;
  for (const block of parseMessage(body)) {
    for (const token of block.children ?? []) {
      const href = token.type === 'link_open' ? String(token.attrGet('href') ?? '') : '';
      if (href && /^https?:\/\//i.test(href)) return href;
    }
  }
  return undefined;
}

/** Marks a body may hold: one without any is its own plain text, and is not parsed. */
const MARKS = /[*_~`[\]<>#&\\\n]|^\s*(?:[-+]|\d+[.)])\s/m;

/**
 * A body as plain text on one line: what it shows, without its Markdown's marks (bold, a link or
 * code read as their words; quotes, lists and line breaks as spaces). What a conversation's
 * preview says in the list, the inbox signal and the API.
 */
export function plainText(body: string): string {
  if (!MARKS.test(body)) return body.replace(/\s+/g, ' ').trim();
  const words: string[] = [];
  for (const block of parseMessage(body)) {
    if (block.type === 'fence' || block.type === 'code_block') words.push(block.content);
    for (const token of block.children ?? []) {
      if (token.type === 'text' || token.type === 'code_inline') words.push(token.content);
      else if (token.type === 'softbreak' || token.type === 'hardbreak') words.push(' ');
    }
    if (block.nesting === -1 || block.type === 'fence') words.push(' ');
  }
  return words.join('').replace(/\s+/g, ' ').trim();
}

/** The start of a body's plain text the list shows: its first PREVIEW_LENGTH UTF-16 units, never half a surrogate pair. */
export const previewOf = (body: string): string => startOf(plainText(body), PREVIEW_LENGTH);

/** The start of a body's plain text that a reply's quote, a mention and a push show: what it says, not its marks. */
export const excerptOf = (body: string): string => excerpt(plainText(body));
