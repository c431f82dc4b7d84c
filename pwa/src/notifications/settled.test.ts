import type { Notification } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { handledRequests, seenAt } from './settled.js';

const someoneId = '01J0000000000000000000000A';
const someone = { id: someoneId, username: 'ann', displayName: 'Ann' } as never;
const invite: Notification = { id: 'n1', at: '2026-01-01T00:00:00Z', kind: 'channel_invite', conversation: { id: 'c1', name: 'pong' }, by: someone };
const request: Notification = { id: 'n2', at: '2026-01-01T00:00:00Z', kind: 'friend_request', from: someone, requestId: 'r1' };
const accepted: Notification = { id: 'n3', at: '2026-01-01T00:00:00Z', kind: 'friend_accepted', by: someone };
const joinRequest: Notification = { id: 'n4', at: '2026-01-01T00:00:00Z', kind: 'join_request', conversation: { id: 'c2', name: 'club' }, from: someone, requestId: 'j1', message: null };

describe('settled notifications', () => {
  it('are seen at the place they lead to, not elsewhere, and not twice', () => {
    const all = [invite, request, accepted, joinRequest];
    expect(seenAt(all, '/c/c1')).toEqual([invite]);
    expect(seenAt(all, '/c/c2')).toEqual([joinRequest]);
    expect(seenAt(all, `/u/${someoneId}`)).toEqual([accepted]);
    expect(seenAt(all, '/c/c3')).toEqual([]);
    expect(seenAt([{ ...invite, read: true }], '/c/c1')).toEqual([]);
  });

  it('a friend request is handled once it no longer waits for my answer', () => {
    expect(handledRequests([request, invite], new Set(['r1']))).toEqual([]);
    expect(handledRequests([request, invite], new Set())).toEqual([request]);
  });
});
