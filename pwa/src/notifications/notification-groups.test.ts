import type { Conversation, Notification } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { centreEntries } from './notification-groups.js';

const ann = { id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z1', username: 'ann', displayName: 'Ann' };
const general = { id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z2', name: 'general' };
const mention = (id: string, seq: number, at: string): Notification => ({ id, kind: 'mention', at, conversation: general, by: ann, messageId: id, seq, excerpt: 'hi' });
const channel = (lastSeq: number, at: string, kind: Conversation['kind'] = 'channel', author = ann.id): Conversation =>
  ({ id: general.id, kind, name: 'general', lastSeq, lastMessage: { preview: 'x', at, author, authorName: 'ann' } }) as Conversation;
const everything = { level: () => 'all' as const, blocked: new Set<string>() };

describe('the notifications centre’s entries', () => {
  it('makes forty unread messages of one conversation one entry counting them', () => {
    const entries = centreEntries([], () => false, [channel(52, '2026-01-01T10:00:00Z', 'dm')], new Map([[general.id, 12]]));
    expect(entries).toEqual([expect.objectContaining({ kind: 'messages', count: 40 })]);
  });

  it('lets an ordinary channel message notify no one by default, a channel set to all notify its messages, and nothing from someone blocked', () => {
    const reads = new Map([[general.id, 12]]);
    expect(centreEntries([], () => false, [channel(52, '2026-01-01T10:00:00Z')], reads)).toEqual([]);
    expect(centreEntries([], () => false, [channel(52, '2026-01-01T10:00:00Z')], reads, everything)).toEqual([expect.objectContaining({ kind: 'messages' })]);
    const blocked = { ...everything, blocked: new Set([ann.id]) };
    expect(centreEntries([mention('m', 3, '2026-01-01T10:00:00Z')], () => false, [channel(52, '2026-01-01T10:00:00Z', 'dm')], reads, blocked)).toEqual([]);
  });

  it('shows no mention of a conversation set to nothing', () => {
    const silent = { level: () => 'nothing' as const, blocked: new Set<string>() };
    expect(centreEntries([mention('m', 3, '2026-01-01T10:00:00Z')], () => false, [], new Map(), silent)).toEqual([]);
    expect(centreEntries([mention('m', 3, '2026-01-01T10:00:00Z')], () => false, [], new Map())).toHaveLength(1);
  });

  it('shows no entry for a conversation read to its end', () => {
    expect(centreEntries([], () => false, [channel(52, '2026-01-01T10:00:00Z', 'dm')], new Map([[general.id, 52]]))).toEqual([]);
  });

  it('makes the registrations for one tournament one entry, apart from another tournament’s one registration', () => {
    const cup = { id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z3', name: 'Friday cup' };
    const other = { id: '01HZX3Q7M2K8P4R6T9V1W3Y5Z4', name: 'Sunday cup' };
    const registration = (id: string, tournament: typeof cup, players: number): Notification => ({ id, kind: 'tournament_registration', at: `2026-01-01T10:0${players}:00Z`, tournament, player: ann, players, size: 8 });
    const list = [1, 2, 3, 4, 5, 6].map((i) => registration(`r${i}`, cup, i)).concat(registration('s', other, 7));
    const entries = centreEntries(list, (n) => n.id !== 'r6', [], new Map());
    expect(entries).toEqual([expect.objectContaining({ kind: 'notification', unread: false }), expect.objectContaining({ kind: 'registrations', unread: true, at: '2026-01-01T10:06:00Z' })]);
    expect(entries[1]!.kind === 'registrations' && entries[1]!.registrations).toHaveLength(6);
  });

  it('groups several mentions of one conversation, unread while any is, newest first among the rest', () => {
    const friend: Notification = { id: 'f', kind: 'friend_accepted', at: '2026-01-01T12:00:00Z', by: ann };
    const list = [mention('a', 3, '2026-01-01T09:00:00Z'), mention('b', 5, '2026-01-01T11:00:00Z'), friend];
    const entries = centreEntries(list, (n) => n.id === 'a' || n.id === 'f', [], new Map());
    expect(entries.map((e) => [e.kind, e.unread])).toEqual([
      ['notification', false],
      ['mentions', true],
    ]);
  });
});
