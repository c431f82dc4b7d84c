import { parseMessage } from '@volley/shared/markdown';
import { describe, expect, it } from 'vitest';
import { richText, splitHighlight, type RichNode } from './rich-text.js';

const tree = (body: string) => richText(parseMessage(body));
/** Every node of a tree, depth first. */
const all = (nodes: RichNode[]): RichNode[] => nodes.flatMap((node) => [node, ...('children' in node ? all(node.children) : [])]);
const p = (...children: RichNode[]): RichNode => ({ kind: 'wrap', tag: 'p', children });
const text = (value: string): RichNode => ({ kind: 'text', text: value });

describe('a message body', () => {
  it('shows tone indicators in text as their own nodes, never in code or links', () => {
    expect(tree('kidding /j but `/s` and [/srs](https://x.test/srs)')).toEqual([
      p(
        text('kidding '),
        { kind: 'tone', text: '/j', tone: 'joking' },
        text(' but '),
        { kind: 'code', text: '/s' },
        text(' and '),
        { kind: 'link', href: 'https://x.test/srs', children: [text('/srs')] },
      ),
    ]);
  });

  it('reads bold, italic, strike and inline code', () => {
    expect(tree('**bold** _it_ ~~gone~~ `a*b*c`')).toEqual([
      p(
        { kind: 'wrap', tag: 'strong', children: [text('bold')] },
        text(' '),
        { kind: 'wrap', tag: 'em', children: [text('it')] },
        text(' '),
        { kind: 'wrap', tag: 's', children: [text('gone')] },
        text(' '),
        { kind: 'code', text: 'a*b*c' },
      ),
    ]);
  });

  it('reads quotes, lists and code blocks, and keeps line breaks', () => {
    expect(tree('> quoted\n\n- one\n- two\n\n3. three\n\n```\nx = **1**\n```\nline\nnext')).toEqual([
      { kind: 'wrap', tag: 'blockquote', children: [p(text('quoted'))] },
      { kind: 'wrap', tag: 'ul', children: [{ kind: 'wrap', tag: 'li', children: [text('one')] }, { kind: 'wrap', tag: 'li', children: [text('two')] }] },
      { kind: 'wrap', tag: 'ol', start: 3, children: [{ kind: 'wrap', tag: 'li', children: [text('three')] }] },
      { kind: 'codeBlock', text: 'x = **1**' },
      p(text('line'), { kind: 'break' }, text('next')),
    ]);
  });

  it('keeps a fence’s language for its highlighting', () => {
    expect(tree('```TS extra\nconst a = 1;\n```')).toEqual([{ kind: 'codeBlock', text: 'const a = 1;', lang: 'ts' }]);
  });

  it('links http(s) URLs, keeping a balanced parenthesis and leaving out the sentence punctuation', () => {
    const links = all(tree('see https://en.wikipedia.org/wiki/Pong_(game). and (https://x.org/a)!')).filter((n) => n.kind === 'link');
    expect(links.map((n) => n.kind === 'link' && n.href)).toEqual(['https://en.wikipedia.org/wiki/Pong_(game)', 'https://x.org/a']);
  });

  it('never makes markup, images or other schemes live', () => {
    const nodes = all(tree('<img src=x onerror=alert(1)> <b>x</b> [a](javascript:alert(1)) [b](data:text/html,hi) javascript:alert(1) <javascript:alert(1)>'));
    expect(nodes.filter((n) => n.kind === 'link')).toEqual([]);
    const shown = nodes.map((n) => ('text' in n ? n.text : '')).join('');
    expect(shown).toContain('<img src=x onerror=alert(1)>');
    expect(shown).toContain('[a](javascript:alert(1))');
    expect(new Set(nodes.map((n) => n.kind))).toEqual(new Set(['wrap', 'text']));
    // An image is a link to it, never loaded.
    expect(tree('![i](https://x.org/i.png)')).toEqual([p(text('!'), { kind: 'link', href: 'https://x.org/i.png', children: [text('i')] })]);
  });

  it('finds mentions in text, "(@carol)" and "@bob." alike, but not in code, links or e-mail addresses', () => {
    const mentions = all(tree('(@carol) and @bob. `@dave` [@erin](https://x.org) me@example.com\n```\n@frank\n```')).filter((n) => n.kind === 'mention');
    expect(mentions.map((n) => n.kind === 'mention' && n.username)).toEqual(['carol', 'bob']);
  });
});

describe('a search snippet', () => {
  it('marks the «» parts and keeps the rest as text', () => {
    expect(splitHighlight('the «quick» fox <i>«jumps»</i>')).toEqual([
      { text: 'the ', marked: false },
      { text: 'quick', marked: true },
      { text: ' fox <i>', marked: false },
      { text: 'jumps', marked: true },
      { text: '</i>', marked: false },
    ]);
  });
});

describe('a local search hit', () => {
  it('marks every word found, whatever its case', async () => {
    const { highlight } = await import('./local-search.js');
    expect(splitHighlight(highlight('Pong at noon? pong!', ['pong']))).toEqual([
      { text: 'Pong', marked: true },
      { text: ' at noon? ', marked: false },
      { text: 'pong', marked: true },
      { text: '!', marked: false },
    ]);
  });
});
