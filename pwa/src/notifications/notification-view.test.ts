import { beforeAll, describe, expect, it } from 'vitest';
import { tombstoneUsername, type Notification } from '@volley/shared';
import { loadMessages } from '../i18n/i18n.js';
import { entryView } from './notification-entries.js';
import { notificationView } from './notification-view.js';

// Notifications are shown after the first render, with the later part of the catalogue (i18n/en-later.ts).
beforeAll(() => loadMessages('later'));

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

describe('registrations for my tournament', () => {
  const cup = { id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z8', name: 'Friday cup' };
  const registration = (id: string, players: number): Extract<Notification, { kind: 'tournament_registration' }> => ({ id, kind: 'tournament_registration', at: '2026-01-01T00:00:00Z', tournament: cup, player: { id: 'b', username: 'bob', displayName: 'Bob' }, players, size: 8 });

  it('says who registered and how many are in, and leads to the tournament', () => {
    expect(notificationView(registration('n3', 3))).toMatchObject({ text: 'Bob registered for Friday cup (3 of 8)', href: `/tournaments/${cup.id}` });
  });

  it('counts several as one line', () => {
    const entry = { kind: 'registrations', id: `registrations-${cup.id}`, at: '2026-01-01T00:00:00Z', unread: true, registrations: [registration('n4', 4), registration('n5', 5)] } as const;
    expect(entryView({ ...entry, registrations: [...entry.registrations] })).toEqual({ text: '2 players registered for Friday cup', href: `/tournaments/${cup.id}` });
  });
});
