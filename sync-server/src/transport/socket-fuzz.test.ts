/**
 * A property-based fuzz of `/sync`'s token renewal (message type 4, docs/protocol.md "Renewing the
 * token"), beside the fixed table of hostile frames in transport.test.ts: any sequence of renewals
 * (the socket's user's, expired, another user's, forged, empty, too long, truncated, not UTF-8,
 * past the socket's byte budget) and other frames leaves the socket either reading on (each good
 * renewal answered with its expiry) or closed with the documented code of the first frame it may
 * not send, while another user's session on the server goes on deciding its ops.
 */
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { AccessTokens } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { CloseCode, encodeFrame, messageRenewToken, newId, queueSend, RENEWAL_TOKEN_MAX_LENGTH, renewalMessage, socketProtocols, UserDoc, userRoom } from '@volley/shared';
import { createChannel, createUser, opened, openSocket, session, startSyncServer, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps();

/** A frame (a renewal made for the socket's user when sent), and what the server must do: read it (`ok`), or close with one of `codes`. */
interface Frame {
  bytes: (user: TestUser) => Uint8Array;
  what: string;
  codes: number[] | 'ok';
}

/** `[4, varUint length, bytes]`: a renewal whose string is whatever bytes are given. */
function rawRenewal(bytes: Uint8Array, declared = bytes.length): Uint8Array {
  return encodeFrame(messageRenewToken, (encoder) => {
    encoding.writeVarUint(encoder, declared);
    encoding.writeUint8Array(encoder, bytes);
  });
}

const tokenFor = (user: TestUser, ttl: number, secret = deps.config.jwtSecret) => new AccessTokens(secret, ttl).sign({ userId: user.id, username: user.username });
const fixed = (bytes: Uint8Array, what: string, codes: Frame['codes']): Frame => ({ bytes: () => bytes, what, codes });
const BAD = [CloseCode.badRequest];
const UNAUTHENTICATED = [CloseCode.unauthenticated];

function frames(other: () => TestUser): fc.Arbitrary<Frame> {
  return fc.oneof(
    // Read: the socket's own user's fresh token, answered with its expiry.
    fc.constant<Frame>({ bytes: (user) => renewalMessage(tokenFor(user, 900)), what: 'a renewal', codes: 'ok' }),
    fc.constant<Frame>({ bytes: (user) => renewalMessage(tokenFor(user, -60)), what: 'an expired renewal', codes: [CloseCode.tokenExpired] }),
    // Not this user's, not Volley's, or not a token at all: 4401.
    fc.constantFrom<[string, (user: TestUser) => string]>(
      ['another user’s token', () => tokenFor(other(), 900)],
      ['a forged token', (user) => tokenFor(user, 900, 'x'.repeat(40))],
      ['an empty token', () => ''],
      ['a token too long', (user) => tokenFor(user, 900).padEnd(RENEWAL_TOKEN_MAX_LENGTH + 1, 'x')],
      ['an unsigned token', () => 'eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOiJ4In0.'],
    ).map(([what, token]) => ({ bytes: (user: TestUser) => renewalMessage(token(user)), what, codes: UNAUTHENTICATED })),
    fc.string({ maxLength: 200 }).map((token) => ({ bytes: () => renewalMessage(token), what: 'random text as a token', codes: UNAUTHENTICATED })),
    // Cut short or lying about its length: 4400.
    fc.constantFrom(Uint8Array.of(4), Uint8Array.of(4, 0x80), Uint8Array.of(4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), rawRenewal(Uint8Array.of(65, 66), 50)).map((bytes) => fixed(bytes, `a truncated renewal ${bytes.length}`, BAD)),
    // Bytes that are not UTF-8: refused as a frame or as a token, never read as text.
    fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Uint8Array.of(0xff, 0xfe, ...bytes)).map((bytes) => fixed(rawRenewal(bytes), 'a renewal not in UTF-8', [CloseCode.badRequest, CloseCode.unauthenticated])),
    // Past the renewal's byte budget per socket (16 KiB at once): 4529.
    fc.integer({ min: 17 * 1024, max: 40 * 1024 }).map((size) => fixed(renewalMessage('x'.repeat(size)), `a ${size}-byte renewal`, [CloseCode.rateLimited])),
    // Other frames no client sends: 4400.
    fc.constantFrom(Uint8Array.of(7), Uint8Array.of(0, 9), new Uint8Array(0), Uint8Array.of(5, 1, 2)).map((bytes) => fixed(bytes, `frame ${[...bytes].join(',')}`, BAD)),
  );
}

/** Sync step 1 with an empty state vector: answered with sync step 2 (`[0, 1, …]`), after every frame before it. */
const PING = Uint8Array.of(0, 0, 1, 0);

/** Sends the frames then the ping on `user`'s own room; the close code, or 'ok' once the ping is answered. */
async function outcome(server: RunningSync, user: TestUser, sent: Frame[]): Promise<{ result: number | 'ok'; renewed: number }> {
  const ws = openSocket(`${server.url}/${userRoom(user.id)}`, socketProtocols(user.token));
  let renewed = 0;
  const result = new Promise<number | 'ok'>((resolve) => {
    ws.on('close', (code) => resolve(code));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === messageRenewToken) renewed += 1;
      else if (type === 0 && decoding.readVarUint(decoder) === 1) resolve('ok');
    });
  });
  await opened(ws);
  for (const frame of sent) ws.send(frame.bytes(user));
  ws.send(PING);
  const answer = await result;
  ws.terminate();
  return { result: answer, renewed };
}

describe('/sync token renewals against any frame', () => {
  let server: RunningSync;
  let witness: WebsocketProvider;
  let channel: string;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    bob = await createUser(deps);
    channel = await createChannel(deps, alice);
    witness = await session(server, alice);
  });
  afterAll(async () => {
    witness?.destroy();
    await server?.close();
  });

  it('closes the socket with the code of its first bad frame, or reads on answering each good renewal', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frames(() => bob), { minLength: 1, maxLength: 3 }), async (sent) => {
        // A user of its own each time: the renewal budget per user is not what is tried here.
        const user = await createUser(deps);
        const { result, renewed } = await outcome(server, user, sent);
        const first = sent.findIndex((f) => f.codes !== 'ok');
        const describe = `${sent.map((f) => f.what).join(' → ')}: ${result}`;
        if (first === -1) {
          expect(result, describe).toBe('ok');
          expect(renewed, describe).toBe(sent.length);
        } else {
          expect(sent[first]!.codes, describe).toContain(result);
        }
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('left another user’s session deciding its ops', async () => {
    const id = queueSend(witness.doc, newId(), channel, 'after the fuzz');
    expect(await waitFor(() => UserDoc.outbox(witness.doc).get(id)?.status)).toBe('accepted');
  });
});
