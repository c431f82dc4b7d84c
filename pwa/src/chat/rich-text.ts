/**
 * A message body or a search snippet cut into plain-text pieces: links (http and https only),
 * `@mentions` and «highlights». Rendered as text nodes and elements, never as HTML.
 */

export type TextPiece =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; username: string };

const TOKENS = /(https?:\/\/[^\s<>"]+)|(^|(?<=\s))@([\w.-]{1,40})/gi;
/** Punctuation that ends a sentence rather than the link. */
const TRAILING = /[.,;:!?)\]'"»]+$/;

/** The links and mentions of a message body, with the text between them. */
export function splitMessage(body: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  const push = (text: string): void => {
    if (text) pieces.push({ kind: 'text', text });
  };
  for (const match of body.matchAll(TOKENS)) {
    const start = match.index;
    if (match[1]) {
      const url = match[1].replace(TRAILING, '');
      const href = safeHref(url);
      if (!href) continue;
      push(body.slice(last, start));
      pieces.push({ kind: 'link', text: url, href });
      last = start + url.length;
    } else {
      push(body.slice(last, start));
      pieces.push({ kind: 'mention', text: `@${match[3]}`, username: match[3]! });
      last = start + match[0].length;
    }
  }
  push(body.slice(last));
  return pieces;
}

/** The URL when it parses as http(s); null otherwise. */
export function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A search snippet's «marked» parts and the text around them. */
export function splitHighlight(snippet: string): { text: string; marked: boolean }[] {
  return snippet
    .split(/(«[^«»]*»)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('«') && part.endsWith('»') ? { text: part.slice(1, -1), marked: true } : { text: part, marked: false }));
}
