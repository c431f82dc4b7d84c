import { describe, expect, it } from 'vitest';
import { isWellFormedText } from './text.js';
import { excerptOf, plainText, previewOf } from './markdown.js';

describe('a body as plain text (the list’s preview)', () => {
  it('keeps the words a message shows and drops its marks', () => {
    expect(plainText('**Bold** and _soft_ with `code` and ~~gone~~')).toBe('Bold and soft with code and gone');
    expect(plainText('See [the docs](https://example.test/docs) or https://example.test/x')).toBe('See the docs or https://example.test/x');
    expect(plainText('> quoted\n\n- one\n- two')).toBe('quoted one two');
    expect(plainText('first line\nsecond line')).toBe('first line second line');
    expect(plainText('```ts\nconst x = 1;\n```\nafter')).toBe('const x = 1; after');
  });

  it('leaves what is not Markdown as it is written', () => {
    expect(plainText('2 * 3 * 4 and snake_case_name, @rita')).toBe('2 * 3 * 4 and snake_case_name, @rita');
    expect(plainText('\\*not emphasis\\* &amp; <b>')).toBe('*not emphasis* & <b>');
    expect(plainText('  plain   words ')).toBe('plain words');
  });

  it('cuts the preview after the marks are gone', () => {
    expect(previewOf(`**${'y'.repeat(150)}**`)).toBe('y'.repeat(100));
  });

  it('never cuts a surrogate pair in half: an emoji across the limit is left out whole', () => {
    const preview = previewOf(`${'y'.repeat(99)}😀 after`);
    expect(preview).toBe('y'.repeat(99));
    expect(isWellFormedText(preview)).toBe(true);
    const quoted = excerptOf(`**${'z'.repeat(119)}😀**`);
    expect(quoted).toBe('z'.repeat(119));
    expect(isWellFormedText(quoted)).toBe(true);
  });

  it('quotes a reply, a mention and a push in what the message says, without its marks', () => {
    expect(excerptOf('**lunch** at [the usual place](https://example.test) with `@rita`?')).toBe('lunch at the usual place with @rita?');
    expect(excerptOf(`> ${'w'.repeat(200)}`)).toBe('w'.repeat(120));
  });
});
