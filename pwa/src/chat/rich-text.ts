/**
 * A message body as a tree the message element renders node by node, from the Markdown tokens of
 * `@volley/shared/markdown`: only the kinds below exist, so a body can never carry an element,
 * an attribute or a link scheme of its own. Mentions and tone indicators are found in text only (not in code or links).
 * Also a search snippet cut into «highlights».
 */
import { safeHref, splitMentions } from '@volley/shared';
import type { Token } from '@volley/shared/markdown';
import { splitTones, type ToneMeaning } from './tone-indicators.js';

export type Wrapper = 'p' | 'blockquote' | 'ul' | 'ol' | 'li' | 'strong' | 'em' | 's';

export type RichNode =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; text: string; username: string }
  /** A tone indicator (`/j`, `/srs`…: tone-indicators.ts), shown as a labelled chip. */
  | { kind: 'tone'; text: string; tone: ToneMeaning }
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  /** `lang`: the fence's language (```ts), when it names one. */
  | { kind: 'codeBlock'; text: string; lang?: string }
  | { kind: 'link'; href: string; children: RichNode[] }
  | { kind: 'wrap'; tag: Wrapper; start?: number; children: RichNode[] };

const WRAPPERS: Record<string, Wrapper> = {
  paragraph_open: 'p',
  blockquote_open: 'blockquote',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  strong_open: 'strong',
  em_open: 'em',
  s_open: 's',
};

/** The tree of a body's tokens (`parseMessage`). */
export function richText(tokens: readonly Token[]): RichNode[] {
  const root: RichNode[] = [];
  const stack: RichNode[][] = [root];
  let inLink = 0;
  for (const token of tokens) {
    const into = stack.at(-1)!;
    if (token.nesting === -1) {
      if (token.type === 'link_close') inLink--;
      stack.pop();
      continue;
    }
    if (token.type === 'inline') {
      into.push(...richText(token.children ?? []));
      continue;
    }
    if (token.type === 'link_open') {
      inLink++;
      const href = safeHref(String(token.attrGet('href') ?? ''));
      const link: RichNode = { kind: 'link', href: href ?? '', children: [] };
      // A link the reader let through with another scheme (it should not) shows as its text.
      if (href) into.push(link);
      stack.push(href ? link.children : into);
      continue;
    }
    const tag = WRAPPERS[token.type];
    if (tag) {
      if (token.hidden) {
        // A tight list's paragraphs: their content goes straight into the item.
        stack.push(into);
        continue;
      }
      const start = tag === 'ol' ? Number(token.attrGet('start') ?? 1) : undefined;
      const node: RichNode = start !== undefined && start !== 1 ? { kind: 'wrap', tag, start, children: [] } : { kind: 'wrap', tag, children: [] };
      into.push(node);
      stack.push(node.children);
    } else if (token.type === 'text') {
      into.push(...(inLink > 0 ? [{ kind: 'text' as const, text: token.content }] : textParts(token.content)));
    } else if (token.type === 'code_inline') into.push({ kind: 'code', text: token.content });
    else if (token.type === 'fence' || token.type === 'code_block') {
      const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase();
      into.push({ kind: 'codeBlock', text: token.content.replace(/\n$/, ''), ...(lang && { lang }) });
    }
    else if (token.type === 'softbreak' || token.type === 'hardbreak') into.push({ kind: 'break' });
    else if (token.content) into.push({ kind: 'text', text: token.content });
  }
  return root;
}

function textParts(text: string): RichNode[] {
  return splitMentions(text).flatMap((part): RichNode[] =>
    part.mention
      ? [{ kind: 'mention', text: part.text, username: part.mention }]
      : splitTones(part.text).map((piece): RichNode => (piece.tone ? { kind: 'tone', text: piece.text, tone: piece.tone } : { kind: 'text', text: piece.text })),
  );
}

/** A body as plain text pieces (mentions found), shown until the Markdown reader has loaded. */
export function plainText(body: string): RichNode[] {
  return [{ kind: 'wrap', tag: 'p', children: body.split('\n').flatMap((line, i): RichNode[] => (i === 0 ? textParts(line) : [{ kind: 'break' }, ...textParts(line)])) }];
}

/** A search snippet's «marked» parts and the text around them. */
export function splitHighlight(snippet: string): { text: string; marked: boolean }[] {
  return snippet
    .split(/(«[^«»]*»)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('«') && part.endsWith('»') ? { text: part.slice(1, -1), marked: true } : { text: part, marked: false }));
}
