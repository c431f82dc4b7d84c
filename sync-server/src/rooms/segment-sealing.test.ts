import { Conversation } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor, type RunningSync } from '../sync-server.testing.js';

const deps = await testDeps({ env: { SEGMENT_SIZE: '10' }, afterEach: disposeAll });

describe('segments of SEGMENT_SIZE messages', () => {
  let server: RunningSync;

  it('seals a full segment, points it to the next, and lets a reader follow `meta.next` there', async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const alices = await session(server, alice);
    const first = await segment(server, alice, channel, 0);
    for (let i = 1; i <= 12; i++) expect(await act(alices, { op: 'send', convId: channel, body: `message ${i}` })).toMatchObject({ status: 'accepted', seq: i });

    expect(ConvDoc.messages(first.doc).toArray().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const next = await waitFor(() => ConvDoc.meta(first.doc).get('next') as number | undefined);
    expect(next).toBe(1);
    expect(await Conversation.query(deps.db).findById(channel)).toMatchObject({ headSegment: 1, lastSeq: 12 });

    const second = await segment(server, alice, channel, next);
    expect(ConvDoc.meta(second.doc).toJSON()).toEqual({ convId: channel, segment: 1 });
    expect(ConvDoc.messages(second.doc).toArray().map((m) => m.body)).toEqual(['message 11', 'message 12']);
    expect((await deps.db('messages').where({ conversation_id: channel, segment: 1 }).orderBy('seq').select('seq')).map((r: { seq: number }) => r.seq)).toEqual([11, 12]);
  });

  it('applies edits, deletes and reactions to a message in a sealed segment', async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const alices = await session(server, alice);
    const old = await act(alices, { op: 'send', convId: channel, body: 'old news' });
    for (let i = 2; i <= 11; i++) await act(alices, { op: 'send', convId: channel, body: `filler ${i}` });
    expect(await Conversation.query(deps.db).findById(channel)).toMatchObject({ headSegment: 1 });

    await act(alices, { op: 'edit', convId: channel, messageId: old.id, body: 'old news, corrected' });
    await act(alices, { op: 'react', convId: channel, messageId: old.id, emoji: '📰', on: true });
    const sealed = await segment(server, alice, channel, 0);
    expect(await shown(sealed, old.id, (m) => m.reactions !== undefined)).toMatchObject({ body: 'old news, corrected', reactions: { '📰': [alice.id] } });
    expect(ConvDoc.messages(sealed.doc).length).toBe(10);
    const head = await segment(server, alice, channel, 1);
    expect(ConvDoc.messages(head.doc).toArray().some((m) => m.id === old.id)).toBe(false);
  });
});
