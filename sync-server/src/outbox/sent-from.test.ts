/**
 * Who sent what from where (docs/architecture.md §5, "Audit log"): a message is recorded as sent
 * from the address of the socket that wrote its op, not from wherever its author was seen last, so
 * a user on two devices gets each message's own address; a stream its author left, the address of
 * the socket its chunks came through.
 */
import { convRoom, newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { testDeps } from '@volley/core/testing';
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ env: { TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }, afterEach: disposeAll });

const sentFrom = async (id: string) => (await deps.db('messages').where({ id }).first('sent_from'))?.sent_from;
const lastSeenAt = (user: TestUser, address: string) =>
  waitFor(async () => (await deps.db('users').where({ id: user.id }).first('last_address'))?.last_address === address);

it('records each message as sent from the address of the socket that wrote it, on a user’s two devices', async () => {
  const server = await startSyncServer(deps);
  const author = await createUser(deps);
  const convId = await createChannel(deps, author);
  const [phone, laptop] = [new Y.Doc(), new Y.Doc()];
  // The laptop is where the author was seen last: it connects once the phone's address is recorded,
  // as the two records are written independently and could otherwise land in either order.
  await synced(connect(server.url, userRoom(author.id), author.token, phone, { 'x-forwarded-for': '203.0.113.7' }));
  await lastSeenAt(author, '203.0.113.7');
  await synced(connect(server.url, userRoom(author.id), author.token, laptop, { 'x-forwarded-for': '198.51.100.9, 10.0.0.1' }));
  await lastSeenAt(author, '198.51.100.9');

  const plain = queueSend(phone, newId(), convId, 'from the phone');
  const fromLaptop = queueSend(laptop, newId(), convId, 'from the laptop');
  await waitFor(() => [plain, fromLaptop].every((id) => UserDoc.outbox(phone).get(id)?.status === 'accepted'));
  // A reply takes the full transaction rather than the tick's statement: the same rule.
  const reply = newId();
  UserDoc.outbox(phone).set(reply, { op: 'send', convId, body: 'a reply from the phone', replyTo: fromLaptop, at: new Date().toISOString() });
  await waitFor(() => UserDoc.outbox(phone).get(reply)?.status === 'accepted');

  expect(await sentFrom(plain)).toBe('203.0.113.7');
  expect(await sentFrom(fromLaptop)).toBe('198.51.100.9');
  expect(await sentFrom(reply)).toBe('203.0.113.7');
});

it('records a stream its author left as sent from the socket its chunks came through', async () => {
  const server = await startSyncServer(deps, { evictAfterMs: 50, streamIdleMs: 300 });
  const author = await createUser(deps);
  const convId = await createChannel(deps, author);
  const writer = connect(server.url, convRoom(convId, 0), author.token, new Y.Doc(), { 'x-forwarded-for': '203.0.113.7' });
  await synced(writer);
  await lastSeenAt(author, '203.0.113.7');
  await synced(connect(server.url, userRoom(author.id), author.token, new Y.Doc(), { 'x-forwarded-for': '198.51.100.9' }));
  await lastSeenAt(author, '198.51.100.9');

  const id = newId();
  writer.awareness.setLocalStateField('stream', { id, from: 0, text: 'I was about to say' });
  await waitFor(async () => (await deps.db('messages').where({ id, incomplete: true }).first('id')) !== undefined);
  expect(await sentFrom(id)).toBe('203.0.113.7');
});
