/**
 * Who sent what from where (docs/architecture.md §5, "Audit log"): a message is recorded as sent
 * from the address of the socket that wrote its op, not from wherever its author was seen last, so
 * a user on two devices gets each message's own address.
 */
import { newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { testDeps } from '@volley/core/testing';
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor } from './test-harness.js';

const deps = await testDeps({ env: { TRUST_PROXY: 'true' }, afterEach: disposeAll });

it('records each message as sent from the address of the socket that wrote it, on a user’s two devices', async () => {
  const server = await startSyncServer(deps);
  const author = await createUser(deps);
  const convId = await createChannel(deps, author);
  const [phone, laptop] = [new Y.Doc(), new Y.Doc()];
  await synced(connect(server.url, userRoom(author.id), author.token, phone, { 'x-forwarded-for': '203.0.113.7' }));
  await synced(connect(server.url, userRoom(author.id), author.token, laptop, { 'x-forwarded-for': '198.51.100.9, 10.0.0.1' }));
  // The laptop is where the author was seen last.
  await waitFor(async () => (await deps.db('users').where({ id: author.id }).first('last_address'))?.last_address === '198.51.100.9');

  const plain = queueSend(phone, newId(), convId, 'from the phone');
  const fromLaptop = queueSend(laptop, newId(), convId, 'from the laptop');
  await waitFor(() => [plain, fromLaptop].every((id) => UserDoc.outbox(phone).get(id)?.status === 'accepted'));
  // A reply takes the full transaction rather than the tick's statement: the same rule.
  const reply = newId();
  UserDoc.outbox(phone).set(reply, { op: 'send', convId, body: 'a reply from the phone', replyTo: fromLaptop, at: new Date().toISOString() });
  await waitFor(() => UserDoc.outbox(phone).get(reply)?.status === 'accepted');

  const sentFrom = async (id: string) => (await deps.db('messages').where({ id }).first('sent_from'))?.sent_from;
  expect(await sentFrom(plain)).toBe('203.0.113.7');
  expect(await sentFrom(fromLaptop)).toBe('198.51.100.9');
  expect(await sentFrom(reply)).toBe('203.0.113.7');
});
