import { testDeps } from '@volley/core/testing';
import { BotTokens, DomainEvents, User } from '@volley/core';
import { CloseCode, convRoom, newId, renewalMessage, socketProtocols, type TokenScope, userRoom } from '@volley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { act, closed, connect, createChannel, createUser, disposeAll, opened, openSocket, session, shown, startSyncServer, synced, waitFor, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('bot tokens on the sync sockets', () => {
  let tokens: BotTokens;

  beforeAll(async () => {
    tokens = new BotTokens(deps.db);
  });

  /** A bot of a fresh owner, signed in with a new token of this scope. */
  async function bot(scope: TokenScope): Promise<TestUser & { tokenId: string }> {
    const [owner, made] = [await createUser(deps), await createUser(deps)];
    await User.query(deps.db).findById(made.id).patch({ botOwnerId: owner.id });
    const { row, token } = await tokens.mint(made.id, 'test', scope);
    return { ...made, token, tokenId: row.id };
  }

  const send = (convId: string) => ({ op: 'send' as const, convId, body: 'beep', at: new Date().toISOString() });

  it('a read-only token reads its rooms, and its sends are refused with token_scope', async () => {
    const server = await startSyncServer(deps);
    const reader = await bot({ access: 'read', conversations: null });
    const channel = await createChannel(deps, reader);
    const segment = connect(server.url, convRoom(channel, 0), reader.token);
    await synced(segment);
    expect(await act(await session(server, reader), send(channel))).toMatchObject({ status: 'rejected', reason: 'token_scope', body: 'beep' });
  });

  it('a read-only token cannot stream: its chunks are dropped, the rest of its state is relayed', async () => {
    const server = await startSyncServer(deps);
    const reader = await bot({ access: 'read', conversations: null });
    const watcher = await createUser(deps);
    const channel = await createChannel(deps, reader, watcher);
    const [writer, watching] = [connect(server.url, convRoom(channel, 0), reader.token), connect(server.url, convRoom(channel, 0), watcher.token)];
    await Promise.all([synced(writer), synced(watching)]);
    writer.awareness.setLocalState({ typing: true, stream: { id: newId(), from: 0, text: 'not allowed' } });
    const seen = await waitFor(() => [...watching.awareness.getStates().values()].find((state) => (state as { user?: { id: string } }).user?.id === reader.id));
    expect(seen).toMatchObject({ typing: true });
    expect(seen).not.toHaveProperty('stream');
  });

  it('a read-write token sends as the bot', async () => {
    const server = await startSyncServer(deps);
    const writer = await bot({ access: 'read_write', conversations: null });
    const channel = await createChannel(deps, writer);
    const reader = connect(server.url, convRoom(channel, 0), writer.token);
    const sent = await act(await session(server, writer), send(channel));
    expect(sent).toMatchObject({ status: 'accepted', seq: 1 });
    expect(await shown(reader, sent.id)).toMatchObject({ author: writer.id, authorBot: true, body: 'beep' });
  });

  it('a token scoped to one channel opens it, not another it is a member of, and cannot send there', async () => {
    const server = await startSyncServer(deps);
    const scoped = await bot({ access: 'read', conversations: null });
    const [mine, other] = [await createChannel(deps, scoped), await createChannel(deps, scoped)];
    const { token } = await tokens.mint(scoped.id, 'one channel', { access: 'read_write', conversations: [mine] });
    const user = { ...scoped, token };
    await synced(connect(server.url, convRoom(mine, 0), token));
    const refused = openSocket(`${server.url}/${convRoom(other, 0)}`, socketProtocols(token));
    expect((await closed(refused)).code).toBe(CloseCode.forbidden);
    const outbox = await session(server, user);
    expect(await act(outbox, send(mine))).toMatchObject({ status: 'accepted' });
    expect(await act(outbox, send(other))).toMatchObject({ status: 'rejected', reason: 'token_scope' });
  });

  it('a revoked token closes its open sockets at once (4401), from another process too, and is refused after', async () => {
    const server = await startSyncServer(deps);
    const revoked = await bot({ access: 'read_write', conversations: null });
    const ws = openSocket(`${server.url}/${userRoom(revoked.id)}`, socketProtocols(revoked.token));
    await opened(ws);
    const ending = closed(ws);
    await tokens.revoke(revoked.id, revoked.tokenId);
    await new DomainEvents(deps.otherProcessBus()).publish({ type: 'token.revoked', tokenId: revoked.tokenId });
    expect((await ending).code).toBe(CloseCode.unauthenticated);
    const again = openSocket(`${server.url}/${userRoom(revoked.id)}`, socketProtocols(revoked.token));
    expect((await closed(again)).code).toBe(CloseCode.unauthenticated);
  });

  it('a token revoked without this instance hearing of it closes its sockets at the next sweep', async () => {
    const server = await startSyncServer(deps, { membershipSweepMs: 100 });
    const revoked = await bot({ access: 'read_write', conversations: null });
    const ws = openSocket(`${server.url}/${userRoom(revoked.id)}`, socketProtocols(revoked.token));
    await opened(ws);
    const ending = closed(ws);
    await tokens.revoke(revoked.id, revoked.tokenId);
    expect((await ending).code).toBe(CloseCode.unauthenticated);
  });

  it('a bot socket is not renewed: it has nothing to renew, and a JWT would drop its scope', async () => {
    const server = await startSyncServer(deps);
    const scoped = await bot({ access: 'read', conversations: null });
    const ws = openSocket(`${server.url}/${userRoom(scoped.id)}`, socketProtocols(scoped.token));
    await opened(ws);
    const ending = closed(ws);
    ws.send(renewalMessage(deps.tokens.sign({ userId: scoped.id, username: scoped.username })));
    expect((await ending).code).toBe(CloseCode.unauthenticated);
  });
});
