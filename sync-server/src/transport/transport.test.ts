import { AccessTokens } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { CloseCode, CloseReason, convRoom, newId, queueSend, socketProtocols, SUBPROTOCOL, SYNC_FRAME_MAX_BYTES, userRoom, UserDoc } from '@volley/shared';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closed, connect, createChannel, createUser, disposeAll, opened, openSocket, startSyncServer, synced, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('sync sockets', () => {
  let server: RunningSync;
  let alice: TestUser;
  let bob: TestUser;
  let channel: string;

  beforeAll(async () => {
    [alice, bob] = [await createUser(deps), await createUser(deps)];
    channel = await createChannel(deps, alice);
  });

  /** The close a raw socket gets, and whether anything reached it first. */
  async function refusal(room: string, protocols: string[]) {
    const ws = openSocket(`${server.url}/${room}`, protocols);
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(data));
    const { code, reason } = await closed(ws);
    return { code, reason, frames: frames.length };
  }

  describe('authentication and authorization, decided before the room is touched', () => {
    beforeEach(async () => {
      server = await startSyncServer(deps);
    });

    it('accepts a valid token, answering the subprotocol volley.v1 and never the bearer one', async () => {
      const ws = openSocket(`${server.url}/${userRoom(alice.id)}`, socketProtocols(alice.token));
      const response = new Promise<string | string[] | undefined>((resolve) => ws.once('upgrade', (res) => resolve(res.headers['sec-websocket-protocol'])));
      await opened(ws);
      expect(await response).toBe(SUBPROTOCOL);
      expect(ws.protocol).toBe('volley.v1');
    });

    it.each([
      ['no token', () => socketProtocols(null), CloseCode.unauthenticated],
      ['a token signed with another secret', () => socketProtocols(new AccessTokens('x'.repeat(40), 900).sign({ userId: alice.id, username: alice.username })), CloseCode.unauthenticated],
      ['a token that is not a JWT', () => [SUBPROTOCOL, 'bearer.nonsense'], CloseCode.unauthenticated],
      ['an expired token (retryable once refreshed)', () => socketProtocols(new AccessTokens(deps.config.jwtSecret, -60).sign({ userId: alice.id, username: alice.username })), CloseCode.tokenExpired],
    ])('closes a socket with %s', async (_case, protocols, code) => {
      expect(await refusal(userRoom(alice.id), protocols())).toEqual({ code, reason: CloseReason[code], frames: 0 });
    });

    it.each([
      ['a room name Volley does not know', () => 'lobby', CloseCode.notFound],
      ['another user’s room', () => userRoom(bob.id), CloseCode.forbidden],
      ['a conversation that does not exist', () => convRoom(newId(), 0), CloseCode.notFound],
      ['a conversation the user is not a member of', () => convRoom(channel, 0), CloseCode.forbidden],
      ['a segment after the head one', () => convRoom(channel, 1), CloseCode.notFound],
    ])('closes a socket that asks for %s', async (_case, room, code) => {
      const asker = room() === convRoom(channel, 0) ? bob : alice;
      expect(await refusal(room(), socketProtocols(asker.token))).toEqual({ code, reason: CloseReason[code], frames: 0 });
    });

    it('closes an open socket with token_expired (4501, retryable) when its token expires', async () => {
      const shortLived = new AccessTokens(deps.config.jwtSecret, 2).sign({ userId: alice.id, username: alice.username });
      const ws = openSocket(`${server.url}/${userRoom(alice.id)}`, socketProtocols(shortLived));
      await opened(ws);
      const { code } = await closed(ws);
      expect(code).toBe(CloseCode.tokenExpired);
    });

    it('leaves a stock provider refused with 4403 closed for good', async () => {
      const provider = connect(server.url, userRoom(bob.id), alice.token);
      const event = await new Promise<{ code: number }>((resolve) => provider.once('closed', resolve));
      expect(event.code).toBe(CloseCode.forbidden);
      expect(provider.shouldConnect).toBe(false);
    });
  });

  describe('hostile input', () => {
    beforeEach(async () => {
      server = await startSyncServer(deps);
    });

    const frames: [string, string | Uint8Array, number][] = [
      ['an unknown message type', Uint8Array.of(7), CloseCode.badRequest],
      ['an unknown sync message', Uint8Array.of(0, 9, 0), CloseCode.badRequest],
      ['a truncated frame', Uint8Array.of(0, 2, 200), CloseCode.badRequest],
      ['an empty frame', new Uint8Array(0), CloseCode.badRequest],
      ['garbage update bytes', Uint8Array.of(0, 2, 8, 1, 2, 3, 4, 5, 6, 7, 8), CloseCode.badRequest],
      ['garbage sync step 2', Uint8Array.of(0, 1, 4, 255, 255, 255, 255), CloseCode.badRequest],
      ['a garbage state vector', Uint8Array.of(0, 0, 3, 5, 255, 255), CloseCode.badRequest],
      ['a garbage awareness update', Uint8Array.of(1, 5, 1, 1, 1, 9, 123), CloseCode.badRequest],
      ['a text frame', 'hello', CloseCode.badRequest],
      ['a frame over the size limit', new Uint8Array(SYNC_FRAME_MAX_BYTES + 1), CloseCode.tooLarge],
    ];

    it.each(frames)('closes the socket that sends %s, and only that one', async (_case, frame, code) => {
      const session = connect(server.url, userRoom(alice.id), alice.token);
      await synced(session);
      const attacker = openSocket(`${server.url}/${userRoom(alice.id)}`, socketProtocols(alice.token));
      await opened(attacker);
      attacker.send(frame);
      expect((await closed(attacker)).code).toBe(code);

      // The room and the other session are unaffected: its next op is still decided.
      const id = queueSend(session.doc, newId(), channel, `after ${_case}`);
      expect(await waitFor(() => UserDoc.outbox(session.doc).get(id)?.status)).toBe('accepted');
    });
  });
});
