import { describe, expect, it } from 'vitest';
import { levelOf, withLevel } from './notification-levels.js';

describe('a conversation’s notification level', () => {
  it('is all for a DM and mentions only for a channel and #general until chosen', () => {
    expect(levelOf('d', 'dm', null)).toBe('all');
    expect(levelOf('c', 'channel', { muted: [] })).toBe('mentions');
    expect(levelOf('w', 'world', { muted: [], levels: {} })).toBe('mentions');
  });

  it('is what was chosen, nothing being the mute, and each choice replaces the last', () => {
    let chosen = withLevel({ muted: [], levels: {} }, 'c', 'all');
    expect(levelOf('c', 'channel', chosen)).toBe('all');
    chosen = withLevel(chosen, 'c', 'nothing');
    expect(chosen).toEqual({ muted: ['c'], levels: {} });
    expect(levelOf('c', 'channel', chosen)).toBe('nothing');
    chosen = withLevel(chosen, 'c', 'mentions');
    expect(chosen).toEqual({ muted: [], levels: { c: 'mentions' } });
  });
});
