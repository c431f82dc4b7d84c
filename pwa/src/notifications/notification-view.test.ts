import { describe, expect, it } from 'vitest';
import { tombstoneUsername, type Notification } from '@volley/shared';
import { notificationView } from './notification-view.js';

const accepted = (by: { id: string; username: string; displayName: string }): Notification => ({ id: 'n1', kind: 'friend_accepted', at: '2026-01-01T00:00:00Z', by });

describe('a notification naming a person', () => {
  it('names them by their display name, and a deleted account as a deleted user', () => {
    expect(notificationView(accepted({ id: 'a', username: 'alice', displayName: 'Alice' })).text).toContain('Alice');
    const gone = notificationView(accepted({ id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z7', username: tombstoneUsername('01HZX3Q7M2K8P4R6T9V1W3Y5Z7'), displayName: 'someone' })).text;
    expect(gone).toContain('deleted user');
    expect(gone).not.toContain('someone');
  });
});

describe('an invitation to a tournament', () => {
  it('says who invited me to which tournament, and leads to the tournament', () => {
    const invite: Notification = { id: 'n2', kind: 'tournament_invite', at: '2026-01-01T00:00:00Z', tournament: { id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z8', name: 'Friday cup' }, by: { id: 'a', username: 'alice', displayName: 'Alice' } };
    expect(notificationView(invite)).toMatchObject({ text: 'Alice invited you to Friday cup', href: '/tournaments/01HZX3Q7M2K8P4R6T9V1W3Y5Z8' });
  });
});
