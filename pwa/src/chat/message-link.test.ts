import { describe, expect, it } from 'vitest';
import { messageHref, messageOfFragment } from './message-link.js';

describe('a link to one message', () => {
  it('leads back to the same message', () => {
    const href = messageHref('01JABCDEFGHJKMNPQRSTVWXYZ0', { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', seq: 1234 });
    expect(href).toBe('/c/01JABCDEFGHJKMNPQRSTVWXYZ0#message-01JZZZZZZZZZZZZZZZZZZZZZZZ-1234');
    expect(messageOfFragment(new URL(href, 'http://x').hash)).toEqual({ id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', seq: 1234 });
  });

  it('ignores fragments that are not message links', () => {
    for (const hash of ['', '#', '#message-', '#message-nope-1', '#message-01JZZZZZZZZZZZZZZZZZZZZZZZ-0', '#message-01JZZZZZZZZZZZZZZZZZZZZZZZ-1x']) {
      expect(messageOfFragment(hash)).toBeNull();
    }
  });
});
