import { describe, expect, it } from 'vitest';
import { plainText, previewOf } from './markdown.js';

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
});
