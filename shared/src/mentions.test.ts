import { describe, expect, it } from 'vitest';
import { mentionedUsernames } from './markdown.js';
import { findMentions } from './mentions.js';

describe('@mentions in a body', () => {
  it('finds each username once, lower-cased, but not inside words or e-mail addresses', () => {
    expect(mentionedUsernames('@Alice hi, (@bob) and @alice again; mail x@carol, @@dave, @ab, @this_name_is_far_too_long')).toEqual(['alice', 'bob']);
  });

  it('reads a mention in brackets or before punctuation, as the highlighting does', () => {
    expect(findMentions('(@carol) and @bob.').map((m) => m.username)).toEqual(['carol', 'bob']);
    expect(mentionedUsernames('(@carol) and @bob.')).toEqual(['carol', 'bob']);
  });

  it('leaves out names inside code, code blocks and links', () => {
    expect(mentionedUsernames('`@alice` and\n```\n@bob\n```\n[@carol](https://example.com) https://example.com/@dave **@erin**')).toEqual(['erin']);
  });

  it('reads a mention written with an entity, and none in a body without one', () => {
    expect(mentionedUsernames('&#64;alice and &commat;bob')).toEqual(['alice', 'bob']);
    expect(mentionedUsernames('hello alice, see https://example.com')).toEqual([]);
  });
});
