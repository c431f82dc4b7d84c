import { testDeps } from '@volley/core/testing';
import { ConvDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createUser, disposeAll, segment, session, startSyncServer, waitFor } from '../../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('ops on one message from several instances at once', () => {
  it('leaves one element showing every reaction and the last edit', async () => {
    const servers = [await startSyncServer(deps), await startSyncServer(deps)];
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser(deps)));
    const channel = await createChannel(deps, ...users);
    const sessions = await Promise.all(users.map((user, i) => session(servers[i % 2]!, user)));
    const { id: messageId } = await act(sessions[0]!, { op: 'send', convId: channel, body: 'react to me' });

    await Promise.all([
      ...sessions.map((s) => act(s, { op: 'react', convId: channel, messageId, emoji: '🔥', on: true })),
      act(sessions[0]!, { op: 'edit', convId: channel, messageId, body: 'edited meanwhile' }),
    ]);

    for (const server of servers) {
      const reader = await segment(server, users[1]!, channel);
      const copies = await waitFor(() => {
        const found = ConvDoc.messages(reader.doc).toArray().filter((m) => m.id === messageId);
        return found.length === 1 && found[0]!.reactions?.['🔥']?.length === users.length && found;
      });
      expect(copies[0]).toMatchObject({ body: 'edited meanwhile' });
      expect(new Set(copies[0]!.reactions!['🔥'])).toEqual(new Set(users.map((u) => u.id)));
    }
  });
});
