/**
 * The authorization matrix, socket side (the api side is in api/). Each actor tries to
 * open the conversation's first segment (`conv.<id>.0`, read-only) and to send into it through
 * their outbox. The conversation is a channel, except for `blocked` and `blocker`: their DM.
 * An `invite` (to Pong, of another member: the DM peer, or a channel member) meets the same
 * rules as a send, with the same outcome in every row.
 *
 * | actor    | who they are                                  | open conv.<id>.0 | send                    |
 * |----------|-----------------------------------------------|------------------|-------------------------|
 * | stranger | not a member                                  | 4403             | rejected `not_member`   |
 * | member   | member                                        | open             | accepted                |
 * | admin    | member with role admin                        | open             | accepted                |
 * | owner    | member with role owner                        | open             | accepted                |
 * | banned   | ban row, membership removed                   | 4403             | rejected `banned`       |
 * | kicked   | membership removed                            | 4403             | rejected `not_member`   |
 * | muted    | member, muted_until in the future             | open             | rejected `muted`        |
 * | blocked  | DM peer whom the other one blocked            | open             | rejected `blocked`      |
 * | blocker  | DM peer who blocked the other one             | open             | rejected `blocked`      |
 */
import { Conversation, ConversationBan, ConversationMember } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { CloseCode, convRoom, newId, queueSend, type Role, socketProtocols, syncStep1Message, UserDoc, userRoom } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { block, closed, connect, createUser, disposeAll, openSocket, startSyncServer, synced, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

type ActorKind = 'stranger' | 'member' | 'admin' | 'owner' | 'banned' | 'kicked' | 'muted' | 'blocked' | 'blocker';
type OpenOutcome = 'open' | typeof CloseCode.forbidden;
type SendOutcome = 'accepted' | 'not_member' | 'banned' | 'muted' | 'blocked';

const matrix: [actor: ActorKind, open: OpenOutcome, send: SendOutcome][] = [
  ['stranger', CloseCode.forbidden, 'not_member'],
  ['member', 'open', 'accepted'],
  ['admin', 'open', 'accepted'],
  ['owner', 'open', 'accepted'],
  ['banned', CloseCode.forbidden, 'banned'],
  ['kicked', CloseCode.forbidden, 'not_member'],
  ['muted', 'open', 'muted'],
  ['blocked', 'open', 'blocked'],
  ['blocker', 'open', 'blocked'],
];

const deps = await testDeps();

describe('authorization matrix at the socket', () => {
  let server: RunningSync;
  const actors = {} as Record<ActorKind, TestUser>;
  let channel: string;
  let dm: string;

  beforeAll(async () => {
    server = await startSyncServer(deps);
    for (const [actor] of matrix) actors[actor] = await createUser(deps);
    channel = newId();
    await Conversation.query(deps.db).insert({ id: channel, kind: 'channel', name: `c_${channel.slice(-6)}`, access: 'public', ownerId: actors.owner.id });
    const roles: [ActorKind, Role][] = [['owner', 'owner'], ['admin', 'admin'], ['member', 'member'], ['muted', 'member'], ['banned', 'member'], ['kicked', 'member']];
    for (const [actor, role] of roles) await ConversationMember.query(deps.db).insert({ conversationId: channel, userId: actors[actor].id, role });
    await ConversationMember.query(deps.db).patch({ mutedUntil: new Date(Date.now() + 3_600_000) }).where({ conversation_id: channel, user_id: actors.muted.id });
    await ConversationBan.query(deps.db).insert({ conversationId: channel, userId: actors.banned.id, byUserId: actors.owner.id, until: null });
    for (const actor of ['banned', 'kicked'] as const) await ConversationMember.query(deps.db).deleteById([channel, actors[actor].id]);

    dm = newId();
    await Conversation.query(deps.db).insert({ id: dm, kind: 'dm', name: '', dmKey: Conversation.dmKeyOf(actors.blocker.id, actors.blocked.id) });
    for (const actor of ['blocker', 'blocked'] as const) await ConversationMember.query(deps.db).insert({ conversationId: dm, userId: actors[actor].id });
    await block(deps, actors.blocker, actors.blocked);
  });
  afterAll(async () => {
    await disposeAll();
  });

  const conversationOf = (actor: ActorKind) => (actor === 'blocked' || actor === 'blocker' ? dm : channel);

  /** 'open' when the server answers the socket's sync step 1, else the code it closed with. */
  async function openRoom(user: TestUser, room: string): Promise<OpenOutcome | number> {
    const ws = openSocket(`${server.url}/${room}`, socketProtocols(user.token));
    ws.on('open', () => ws.send(syncStep1Message(new Y.Doc())));
    const answered = new Promise<'open'>((resolve) => ws.once('message', () => resolve('open')));
    return Promise.race([answered, closed(ws).then(({ code }) => code)]);
  }

  it.each(matrix)('%s: open conv.<id>.0 → %s', async (actor, expected) => {
    expect(await openRoom(actors[actor], convRoom(conversationOf(actor), 0))).toBe(expected);
  });

  it.each(matrix)('%s: invite another member → %s', async (actor, _open, expected) => {
    const session = connect(server.url, userRoom(actors[actor].id), actors[actor].token);
    await synced(session);
    const to = { blocked: actors.blocker, blocker: actors.blocked, member: actors.admin }[actor as string] ?? actors.member;
    const id = newId();
    UserDoc.outbox(session.doc).set(id, { op: 'invite', convId: conversationOf(actor), to: to.id, at: new Date().toISOString() });
    const entry = await waitFor(() => UserDoc.outbox(session.doc).get(id)?.status !== undefined && UserDoc.outbox(session.doc).get(id));
    expect(entry).toMatchObject(expected === 'accepted' ? { status: 'accepted' } : { status: 'rejected', reason: expected, to: to.id });
  });

  it.each(matrix)('%s: send → %s; the text stays in the outbox', async (actor, _open, expected) => {
    const session = connect(server.url, userRoom(actors[actor].id), actors[actor].token);
    await synced(session);
    const body = `from the ${actor}`;
    const id = queueSend(session.doc, newId(), conversationOf(actor), body);
    const entry = await waitFor(() => UserDoc.outbox(session.doc).get(id)?.status !== undefined && UserDoc.outbox(session.doc).get(id));
    expect(entry).toMatchObject(expected === 'accepted' ? { status: 'accepted', body } : { status: 'rejected', reason: expected, body });
  });
});
