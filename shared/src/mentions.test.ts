import { describe, expect, it } from 'vitest';
import { mentionedUsernames } from './mentions.js';

describe('@mentions in a body', () => {
  it('finds each username once, lower-cased, but not inside words or e-mail addresses', () => {
    expect(mentionedUsernames('@Alice hi, (@bob) and @alice again; mail x@carol, @@dave, @ab, @this_name_is_far_too_long')).toEqual(['alice', 'bob']);
  });
});
