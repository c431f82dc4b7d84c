import { describe, expect, it } from 'vitest';
import { splitHighlight, splitMessage } from './rich-text.js';

describe('a message body', () => {
  it('links http and https URLs, without the sentence punctuation after them', () => {
    expect(splitMessage('see https://example.com/a?b=1. and http://x.org!')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('never links other schemes and keeps markup as text', () => {
    expect(splitMessage('javascript:alert(1) <b>x</b> data:text/html,hi')).toEqual([{ kind: 'text', text: 'javascript:alert(1) <b>x</b> data:text/html,hi' }]);
  });

  it('finds mentions at the start or after a space, not inside an email address', () => {
    expect(splitMessage('@bob hi @alice, mail me@example.com')).toEqual([
      { kind: 'mention', text: '@bob', username: 'bob' },
      { kind: 'text', text: ' hi ' },
      { kind: 'mention', text: '@alice', username: 'alice' },
      { kind: 'text', text: ', mail me@example.com' },
    ]);
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
