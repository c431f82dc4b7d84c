/**
 * The keys module and the device inbox (docs/protocol.md, "Encrypted messages"): the requests a
 * device's crypto machine (Matrix's, `@matrix-org/matrix-sdk-crypto-wasm`) makes, in Matrix's JSON
 * shapes, so that any Matrix crypto library can take part. The server checks who may send what to
 * whom and the sizes; it never holds a private key.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../ids.js';

/** Users as the crypto machine names them: `@<user id>:volley`. */
export const E2EE_SERVER_NAME = 'volley';
export const MatrixUserId = z.string().regex(new RegExp(`^@${ID_PATTERN}:volley$`), 'not a Volley user as Matrix names one');
export const matrixUserId = (userId: string): string => `@${userId}:${E2EE_SERVER_NAME}`;
export const userIdOf = (matrixId: string): string => matrixId.slice(1, 27);
/** Rooms likewise: `!<conversation id>:volley`. */
export const matrixRoomId = (convId: string): string => `!${convId}:${E2EE_SERVER_NAME}`;

/** A device: a browser profile, or a bot's process; chosen by the device, unique to its user. */
export const DeviceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'device ids are 1 to 64 letters, digits, - and _');
export const DeviceParams = z.strictObject({ deviceId: DeviceId });

/** A signed key object of Matrix's (device keys, a one-time key, a cross-signing key): read for its ids, stored as written. */
const KeyName = z.string().min(1).max(128);
const SignedObject = z.record(z.string().max(64), z.unknown());

/** At most this many one-time keys in one upload; the crypto machine keeps 50. */
export const ONE_TIME_KEYS_PER_UPLOAD = 100;

export const KeysUploadBody = z.strictObject({
  device_keys: SignedObject.optional(),
  one_time_keys: z.record(KeyName, z.unknown()).refine((keys) => Object.keys(keys).length <= ONE_TIME_KEYS_PER_UPLOAD, 'too many one-time keys').optional(),
  fallback_keys: z.record(KeyName, z.unknown()).refine((keys) => Object.keys(keys).length <= 4, 'too many fallback keys').optional(),
});

export const KeysQueryBody = z.strictObject({
  device_keys: z.record(MatrixUserId, z.array(DeviceId).max(100)).refine((users) => Object.keys(users).length <= 1000, 'too many users'),
  timeout: z.number().optional(),
});

export const KeysClaimBody = z.strictObject({
  one_time_keys: z
    .record(MatrixUserId, z.record(DeviceId, KeyName))
    .refine((users) => Object.values(users).reduce((n, devices) => n + Object.keys(devices).length, 0) <= 1000, 'too many devices'),
  timeout: z.number().optional(),
});

/** The owner's cross-signing keys (`bootstrapCrossSigning`'s upload). */
export const CrossSigningBody = z.strictObject({
  master_key: SignedObject.optional(),
  self_signing_key: SignedObject.optional(),
  user_signing_key: SignedObject.optional(),
});

/** user → key id (a device id, or a cross-signing key's public key) → the key object with the new signatures. */
export const SignaturesBody = z.record(MatrixUserId, z.record(KeyName, SignedObject));

export const ToDeviceParams = z.strictObject({ eventType: z.string().regex(/^[a-z][a-z0-9._]{0,127}$/, 'an event type'), txnId: z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/) });
/** user → device id, or `*` for all of them → the content, encrypted with Olm for that device (or a verification step). */
export const ToDeviceBody = z.strictObject({
  messages: z
    .record(MatrixUserId, z.record(z.union([DeviceId, z.literal('*')]), SignedObject))
    .refine((users) => Object.values(users).reduce((n, devices) => n + Object.keys(devices).length, 0) <= 1000, 'too many devices'),
});

export const InboxQuery = z.strictObject({
  /** The last event of the inbox the device has handled: those up to it are deleted. */
  since: z.coerce.number().int().min(0).default(0),
  /** The last key change the device has seen. */
  changesSince: z.coerce.number().int().min(0).default(0),
});

export const InboxView = z.object({
  /** To-device events, oldest first. */
  events: z.array(z.object({ sender: z.string(), type: z.string(), content: z.record(z.string(), z.unknown()) })),
  /** Pass as `since` once the events are handled. */
  next: z.number().int(),
  /** People the device shares an encrypted conversation with (or itself) whose devices or cross-signing keys changed. */
  changed: z.array(z.string()),
  changesNext: z.number().int(),
  oneTimeKeyCounts: z.record(z.string(), z.number().int()),
  unusedFallbackKeys: z.array(z.string()),
});
export type InboxView = z.infer<typeof InboxView>;

/** The account's own devices (`GET /e2ee/devices`), oldest first. */
export const E2eeDeviceList = z.object({ items: z.array(z.object({ deviceId: z.string(), createdAt: z.string(), lastSeenAt: z.string() })) });
export type E2eeDeviceList = z.infer<typeof E2eeDeviceList>;

/** An answer of the keys module in Matrix's shape, handed to the crypto machine, which reads it. */
export const MatrixResponse = z.record(z.string(), z.unknown());

/** A key of Matrix's shape (a device's, or a cross-signing key): its public keys by id, and who signed it. */
const SignedKeys = z.object({ keys: z.record(z.string(), z.string()), signatures: z.record(z.string(), z.record(z.string(), z.string())).optional() });

/** What a device reads itself of a keys query's answer (the rest is for its crypto machine): cross-signing keys, and devices' signatures. */
export const KeysQueryAnswer = z.object({
  device_keys: z.record(z.string(), z.record(z.string(), SignedKeys)),
  master_keys: z.record(z.string(), SignedKeys),
  self_signing_keys: z.record(z.string(), SignedKeys),
});
export type KeysQueryAnswer = z.infer<typeof KeysQueryAnswer>;

/**
 * The owner's secrets as their device encrypted them with the recovery key (AES-GCM, docs/protocol.md,
 * "Recovery"): opaque to the server, which keeps the latest.
 */
export const SecretStorageBody = z.strictObject({
  iv: z.string().regex(/^[A-Za-z0-9+/]{16}$/, 'a 12-byte IV in base64'),
  ciphertext: z.string().min(1).max(16_384).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'),
});
export type SecretStorageBody = z.infer<typeof SecretStorageBody>;

/** A new version of the owner's key backup: Matrix's `m.megolm_backup.v1.curve25519-aes-sha2`. */
export const KeyBackupVersionBody = z.strictObject({
  algorithm: z.literal('m.megolm_backup.v1.curve25519-aes-sha2'),
  auth_data: z.strictObject({ public_key: z.string().min(1).max(64), signatures: z.record(z.string(), z.record(z.string(), z.string())).optional() }),
});
export const KeyBackupQuery = z.strictObject({ version: z.string().regex(/^[0-9]{1,18}$/) });
/** Sessions backed up, each encrypted to the backup's public key by the device: room → session → data. */
export const KeyBackupBody = z.strictObject({
  rooms: z.record(z.string().max(80), z.strictObject({ sessions: z.record(z.string().max(80), z.record(z.string(), z.unknown())) })),
});
export const KeyBackupCreated = z.object({ version: z.string() });
export const KeyBackupVersionView = z.object({ version: z.string(), algorithm: z.string(), auth_data: z.record(z.string(), z.unknown()) });
