import { describe, expect, it } from 'vitest';
import { convRoom, newId, parseRoom, userRoom } from '@volley/shared';

describe('room names', () => {
  it('round-trips user and conversation rooms', () => {
    const id = newId();
    expect(parseRoom(userRoom(id))).toEqual({ kind: 'user', userId: id });
    expect(parseRoom(convRoom(id, 12))).toEqual({ kind: 'conv', convId: id, segment: 12 });
  });

  it('refuses names that are not rooms', () => {
    const id = newId();
    for (const bad of ['', 'user.', `user.${id}.1`, `conv.${id}`, `conv.${id}.-1`, `conv.${id}.01`, `conv.${id.toLowerCase()}.0`, `user.${id}/..`, 'world']) {
      expect(parseRoom(bad)).toBeNull();
    }
  });
});
