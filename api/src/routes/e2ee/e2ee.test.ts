import { ErrorBody, matrixUserId } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

type Person = Awaited<ReturnType<typeof signUp>>;
// biome-ignore lint/suspicious/noExplicitAny: a test reads the body as it expects it to be; a wrong guess fails its assertion.
const json = async (res: Response) => (await res.json()) as Record<string, any>;

/** A device's upload as a crypto machine makes it: identity keys, and one-time keys named `signed_curve25519:<n>`. */
function upload(person: Person, deviceId: string, oneTime: number, fallback = false) {
  const user = matrixUserId(person.user.id);
  const keys = Object.fromEntries(Array.from({ length: oneTime }, (_, i) => [`signed_curve25519:${deviceId}${i}`, { key: `k${i}`, signatures: {} }]));
  return as(t, person)('POST', `/api/v1/e2ee/devices/${deviceId}/keys`, {
    device_keys: { user_id: user, device_id: deviceId, algorithms: [], keys: { [`ed25519:${deviceId}`]: `id-${deviceId}` }, signatures: {} },
    one_time_keys: keys,
    ...(fallback && { fallback_keys: { [`signed_curve25519:${deviceId}F`]: { key: 'fallback', fallback: true } } }),
  });
}

async function encryptedPair() {
  const [alice, bob] = [await signUp(t), await signUp(t)];
  expect((await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id, encrypted: true })).status).toBe(201);
  return { alice, bob };
}

const claim = async (by: Person, of: Person, deviceId: string) =>
  (await json(await as(t, by)('POST', '/api/v1/e2ee/keys/claim', { one_time_keys: { [matrixUserId(of.user.id)]: { [deviceId]: 'signed_curve25519' } } }))).one_time_keys;

const inbox = async (person: Person, deviceId: string, since = 0) => json(await as(t, person)('GET', `/api/v1/e2ee/devices/${deviceId}/inbox?since=${since}`));

const toDevice = (from: Person, to: Person, deviceId: string, txn: string) =>
  as(t, from)('PUT', `/api/v1/e2ee/to-device/m.room.encrypted/${txn}`, { messages: { [matrixUserId(to.user.id)]: { [deviceId]: { ciphertext: txn } } } });

describe('a new DM', () => {
  it('is end-to-end encrypted when the other person has a device, plain when they have none, and an existing one is left as it is', async () => {
    const [alice, bob, carol] = [await signUp(t), await signUp(t), await signUp(t)];
    const open = async (by: Person, to: Person) => json(await as(t, by)('POST', '/api/v1/conversations/dm', { userId: to.user.id }));
    expect((await open(alice, carol)).encrypted).toBe(false);
    await upload(bob, 'LAPTOP', 1);
    await upload(carol, 'PHONE', 1);
    expect((await open(alice, bob)).encrypted).toBe(true);
    // Opened before Carol had a device: it stays plain until one of them turns encryption on.
    expect((await open(alice, carol)).encrypted).toBe(false);
  });
});

describe('the keys module', () => {
  it('registers a device with its keys, and refuses keys that name another person or change its identity', async () => {
    const { alice, bob } = await encryptedPair();
    expect(await json(await upload(bob, 'PHONE', 3))).toEqual({ one_time_key_counts: { signed_curve25519: 3 } });
    const forged = await as(t, alice)('POST', '/api/v1/e2ee/devices/PHONE/keys', { device_keys: { user_id: matrixUserId(bob.user.id), device_id: 'PHONE', keys: {} } });
    expect(forged.status).toBe(400);
    expect(ErrorBody.parse(await forged.json()).error.code).toBe('validation_failed');
    const changed = await as(t, bob)('POST', '/api/v1/e2ee/devices/PHONE/keys', { device_keys: { user_id: matrixUserId(bob.user.id), device_id: 'PHONE', keys: { 'ed25519:PHONE': 'another' } } });
    expect(changed.status).toBe(409);
    expect((await json(await as(t, bob)('GET', '/api/v1/e2ee/devices'))).items.map((d: { deviceId: string }) => d.deviceId)).toEqual(['PHONE']);
    // Another person's device of the same name is theirs: each reads only its own inbox.
    expect((await as(t, alice)('GET', '/api/v1/e2ee/devices/PHONE/inbox')).status).toBe(404);
  });

  it('hands each one-time key out once, then the fallback key, to people in an encrypted conversation with the owner only', async () => {
    const { alice, bob } = await encryptedPair();
    const stranger = await signUp(t);
    await upload(bob, 'PHONE', 2, true);
    expect(await claim(stranger, bob, 'PHONE')).toEqual({});
    const first = await claim(alice, bob, 'PHONE');
    const second = await claim(alice, bob, 'PHONE');
    const [a, b] = [first[matrixUserId(bob.user.id)].PHONE, second[matrixUserId(bob.user.id)].PHONE];
    expect(Object.keys(a)).not.toEqual(Object.keys(b));
    expect(Object.keys((await claim(alice, bob, 'PHONE'))[matrixUserId(bob.user.id)].PHONE)).toEqual(['signed_curve25519:PHONEF']);
    expect((await inbox(bob, 'PHONE')).oneTimeKeyCounts).toEqual({});
  });

  it('delivers to-device messages from a person in an encrypted conversation, never from a stranger or across a block; a read inbox empties', async () => {
    const { alice, bob } = await encryptedPair();
    const stranger = await signUp(t);
    await upload(bob, 'PHONE', 1);
    expect((await toDevice(stranger, bob, 'PHONE', 'from-stranger')).status).toBe(200);
    expect((await toDevice(alice, bob, 'PHONE', 'from-alice')).status).toBe(200);
    const read = await inbox(bob, 'PHONE');
    expect(read.events).toEqual([{ sender: matrixUserId(alice.user.id), type: 'm.room.encrypted', content: { ciphertext: 'from-alice' } }]);
    expect((await inbox(bob, 'PHONE', read.next)).events).toEqual([]);

    expect((await as(t, bob)('PUT', `/api/v1/blocks/${alice.user.id}`)).status).toBeLessThan(300);
    await toDevice(alice, bob, 'PHONE', 'after-block');
    expect((await inbox(bob, 'PHONE', read.next)).events).toEqual([]);
    expect(await claim(alice, bob, 'PHONE')).toEqual({});
  });

  it('tells a device whose keys changed among the people it shares an encrypted conversation with', async () => {
    const { alice, bob } = await encryptedPair();
    const stranger = await signUp(t);
    await upload(alice, 'LAPTOP', 0);
    const start = (await inbox(alice, 'LAPTOP')).changesNext;
    await upload(bob, 'PHONE', 0);
    await upload(stranger, 'PHONE', 0);
    const seen = await inbox(alice, 'LAPTOP', 0);
    expect(seen.changesNext).toBeGreaterThan(start);
    const changed = (await json(await as(t, alice)('GET', `/api/v1/e2ee/devices/LAPTOP/inbox?changesSince=${start}`))).changed;
    expect(changed).toEqual([matrixUserId(bob.user.id)]);
  });
});
