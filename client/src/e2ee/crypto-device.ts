/**
 * A device of end-to-end encrypted conversations (docs/protocol.md, "Encrypted messages"): Matrix's
 * audited crypto machine (Olm/Megolm on vodozemac, `@matrix-org/matrix-sdk-crypto-wasm`), which does
 * no I/O of its own, with its requests carried to Volley's keys module and device inbox. Loaded
 * only by who uses it: the machine is several megabytes of WebAssembly.
 */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import { matrixRoomId, matrixUserId, MEGOLM_ALGORITHM, type EncryptedContent, type InboxView } from '@volley/shared';
import type { ApiClient } from '../api-client.js';
import { ApiError } from '../api-error.js';
import { restoreBackup } from './backup-restore.js';
import { RequestCarrier, type Sdk } from './carrier.js';
import { memberDevices, type MemberDevice } from './member-devices.js';
import { decryptWith, sdk, type Decrypted, type RelayedMessage, type SecretMessage } from './decrypting.js';
import { Verifications } from './verifications.js';
import { open as openSecrets, seal } from './secret-box.js';

export type { Decrypted, SecretMessage } from './decrypting.js';

/** What the recovery key opens: the owner's cross-signing keys and the backup's decryption key. */
interface Secrets {
  crossSigning: { master?: string; selfSigning?: string; userSigning?: string };
  backupKey: string;
}

export interface CryptoDeviceOptions {
  api: ApiClient;
  userId: string;
  deviceId: string;
  /** IndexedDB store (browsers): the machine's keys kept across reloads. Without it they live in memory. */
  store?: { name: string; passphrase: string };
}

export class CryptoDevice {
  readonly #sdk: Sdk;
  readonly #machine: Crypto.OlmMachine;
  readonly #api: ApiClient;
  readonly #deviceId: string;
  readonly #userId: string;
  readonly #tracked = new Set<string>();
  #since = 0;
  #changesSince = 0;
  #syncing: Promise<void> | null = null;
  #nextSync: Promise<void> | null = null;
  readonly #carrier: RequestCarrier;
  /** Emoji verifications with other devices, moved on by each sync. */
  readonly verifications: Verifications;

  private constructor(module: Sdk, machine: Crypto.OlmMachine, options: CryptoDeviceOptions) {
    this.#sdk = module;
    this.#machine = machine;
    this.#api = options.api;
    this.#deviceId = options.deviceId;
    this.#userId = options.userId;
    this.#carrier = new RequestCarrier(module, machine, options.api, options.deviceId);
    this.verifications = new Verifications(module, machine, this.#carrier);
  }

  /**
   * Opens the device (its keys from the store, or new ones), uploads its keys and reads its inbox.
   * The account's first device makes its cross-signing keys; a later one is signed by one the
   * owner already trusts (verification, or the recovery key).
   */
  static async open(options: CryptoDeviceOptions): Promise<CryptoDevice> {
    const module = await sdk();
    const self = () => new module.UserId(matrixUserId(options.userId));
    const machine = await module.OlmMachine.initialize(self(), new module.DeviceId(options.deviceId), options.store?.name, options.store?.passphrase);
    const device = new CryptoDevice(module, machine, options);
    await machine.updateTrackedUsers([self()]);
    try {
      await device.sync();
    } catch (err) {
      // Offline, a device whose keys are in its store reads and writes with what it has; its inbox is read when the network is back.
      if (offline(err) && (await machine.getIdentity(self()))) return device;
      throw err;
    }
    await device.#publishIdentity();
    return device;
  }

  get deviceId(): string {
    return this.#deviceId;
  }

  /** The device's identity key: what a person compares when verifying by hand. */
  get identityKey(): string {
    return this.#machine.identityKeys.ed25519.toBase64();
  }

  /** Makes the owner's cross-signing keys and signs this device with them. */
  private async bootstrapCrossSigning(): Promise<void> {
    const requests = await this.#machine.bootstrapCrossSigning(true);
    if (requests.uploadKeysRequest) await this.#carrier.send(requests.uploadKeysRequest);
    await this.#api.request('POST', '/e2ee/keys/cross-signing', { body: JSON.parse(requests.uploadSigningKeysRequest.body), schema: (s) => s.MatrixResponse });
    if (requests.uploadSignaturesRequest) await this.#carrier.send(requests.uploadSignaturesRequest);
    await this.#carrier.flush();
  }

  /**
   * Makes sure the server holds what makes this device its owner's: the owner's cross-signing keys
   * (made here when the account has none), and this device's signature by them when this device
   * holds the signing key. Asked of the server, not of the store: a making cut short (the page left,
   * the network lost) leaves in the store keys that the server never got, and they are made or sent
   * again. A later device of the account holds no signing key until it is verified or recovered.
   */
  async #publishIdentity(): Promise<void> {
    const me = matrixUserId(this.#userId);
    const known = await this.#api.request('POST', '/e2ee/keys/query', { body: { device_keys: { [me]: [this.#deviceId] } }, schema: (s) => s.KeysQueryAnswer });
    if (!known.master_keys[me]) return this.bootstrapCrossSigning();
    const signedBy = Object.keys(known.device_keys[me]?.[this.#deviceId]?.signatures?.[me] ?? {});
    if (Object.keys(known.self_signing_keys[me]?.keys ?? {}).some((id) => signedBy.includes(id))) return;
    if (!(await this.#machine.crossSigningStatus()).hasSelfSigning) return;
    const own = await this.#machine.getDevice(new this.#sdk.UserId(me), new this.#sdk.DeviceId(this.#deviceId));
    if (own) await this.#carrier.send(await own.verify());
  }

  /**
   * Reads the device inbox (room keys, key requests, changed devices) and sends what the machine
   * asks. One read at a time: two at once would hand the machine the same to-device messages twice
   * and acknowledge pages under each other. A call while one runs gets the next read (calls
   * meanwhile share it), which starts once the running one ends, so what came since is read too.
   */
  sync(): Promise<void> {
    if (!this.#syncing) {
      this.#syncing = this.#readInbox().finally(() => {
        this.#syncing = null;
      });
      return this.#syncing;
    }
    this.#nextSync ??= this.#syncing
      .catch(() => undefined)
      .then(() => {
        this.#nextSync = null;
        return this.sync();
      });
    return this.#nextSync;
  }

  async #readInbox(): Promise<void> {
    await this.#carrier.flush();
    const senders = new Set<string>();
    for (;;) {
      const inbox = await this.#inbox();
      const strangers = inbox.events.map((event) => event.sender).filter((sender) => !senders.has(sender));
      for (const sender of strangers) senders.add(sender);
      // The senders' devices are learnt before their messages are read: the machine drops a verification request from a device it does not know.
      await this.#machine.updateTrackedUsers(strangers.map((id) => new this.#sdk.UserId(id)));
      const changed = new this.#sdk.DeviceLists(inbox.changed.map((id) => new this.#sdk.UserId(id)), []);
      const receive = (events: unknown[], lists: Crypto.DeviceLists) =>
        this.#machine.receiveSyncChanges(JSON.stringify(events), lists, new Map(Object.entries(inbox.oneTimeKeyCounts)), new Set(inbox.unusedFallbackKeys));
      await receive([], changed);
      await this.#carrier.flush();
      await receive(inbox.events, new this.#sdk.DeviceLists([], []));
      const more = inbox.next > this.#since;
      this.#since = inbox.next;
      this.#changesSince = inbox.changesNext;
      await this.#carrier.flush();
      if (!more || inbox.events.length === 0) break;
    }
    // The last page's events are handled: the server may drop them.
    await this.#inbox();
    await this.verifications.received([...senders]);
  }

  /**
   * A person's devices (or one's own others) and whether this device trusts each to be theirs; after
   * reading the inbox, unless `sync` is false (as of the last read: for a caller that follows reads).
   */
  async devicesOf(userId: string, options: { sync?: boolean } = {}): Promise<MemberDevice[]> {
    if (options.sync !== false) await this.sync();
    return memberDevices(this.#sdk, this.#machine, this.#carrier, userId);
  }

  #inbox(): Promise<InboxView> {
    return this.#api.request('GET', `/e2ee/devices/${encodeURIComponent(this.#deviceId)}/inbox?since=${this.#since}&changesSince=${this.#changesSince}`, { schema: (s) => s.InboxView });
  }

  /**
   * Encrypts for the conversation's members' devices: shares the conversation's current session
   * with any device that lacks it (claiming one-time keys for new devices), then encrypts.
   */
  async encrypt(convId: string, memberIds: string[], message: SecretMessage): Promise<EncryptedContent> {
    const room = new this.#sdk.RoomId(matrixRoomId(convId));
    // Each call takes the ids it is given (WebAssembly moves them): every call gets its own.
    const users = () => memberIds.map((id) => new this.#sdk.UserId(matrixUserId(id)));
    await this.#track(memberIds);
    const claim = await this.#machine.getMissingSessions(users());
    if (claim) await this.#carrier.send(claim);
    for (const request of await this.#machine.shareRoomKey(room, users(), new this.#sdk.EncryptionSettings())) await this.#carrier.send(request);
    const content = JSON.parse(await this.#machine.encryptRoomEvent(room, 'm.room.message', JSON.stringify(message))) as EncryptedContent;
    if (content.algorithm !== MEGOLM_ALGORITHM) throw new Error(`unexpected algorithm ${content.algorithm}`);
    return content;
  }

  /**
   * Decrypts a message of the conversation as the server relayed it: its author as the server
   * says, checked against the session's device (a sender the server rewrote is refused).
   */
  async decrypt(convId: string, message: RelayedMessage): Promise<Decrypted> {
    // The author's devices and identity must be known to tell whether the session is theirs.
    await this.#track([message.author]);
    return decryptWith(this.#sdk, this.#machine, convId, message);
  }

  /**
   * Makes the recovery key (to show once, to save): it opens the key backup, to which this device
   * now sends every conversation key it has or makes, and the owner's cross-signing keys.
   */
  async setUpRecovery(): Promise<string> {
    const key = this.#sdk.BackupDecryptionKey.createRandomKey();
    const publicKey = key.megolmV1PublicKey;
    const { version } = await this.#api.request('POST', '/e2ee/room-keys/version', { body: { algorithm: publicKey.algorithm, auth_data: { public_key: publicKey.publicKeyBase64 } }, schema: (s) => s.KeyBackupCreated });
    await this.#useBackup(key, version);
    const exported = await this.#machine.exportCrossSigningKeys();
    const secrets: Secrets = {
      crossSigning: { master: exported?.masterKey, selfSigning: exported?.self_signing_key, userSigning: exported?.userSigningKey },
      backupKey: key.toBase64(),
    };
    await this.#api.request('PUT', '/e2ee/secret-storage', { body: await seal(key.toBase64(), secrets) });
    await this.#carrier.flush();
    return key.toBase64();
  }

  /**
   * What recovery looks like from this device: `none`, never set up for the account (the app makes
   * the key and shows it once); `here`, this device holds the owner's keys (it made them, or the
   * recovery key opened them); `elsewhere`, set up by another device: this one reads earlier
   * messages once the recovery key is entered (`recover`) or a verified device forwards them.
   */
  async recoveryState(): Promise<'none' | 'here' | 'elsewhere'> {
    const status = await this.#machine.crossSigningStatus();
    const set = await this.#api.request('GET', '/e2ee/secret-storage', { schema: (s) => s.SecretStorageBody }).then(
      () => true,
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      },
    );
    if (!set) return 'none';
    return status.hasMaster && status.hasSelfSigning ? 'here' : 'elsewhere';
  }

  /**
   * On a new device: with the recovery key, takes the owner's cross-signing keys (so this device is
   * signed as theirs) and every conversation key in the backup. False when the key is not theirs.
   */
  async recover(recoveryKey: string): Promise<boolean> {
    const sealed = await this.#api.request('GET', '/e2ee/secret-storage', { schema: (s) => s.SecretStorageBody });
    const secrets = await openSecrets<Secrets>(recoveryKey.replace(/\s+/g, ''), sealed);
    if (!secrets) return false;
    await this.#machine.importCrossSigningKeys(secrets.crossSigning.master, secrets.crossSigning.selfSigning, secrets.crossSigning.userSigning);
    const own = await this.#machine.getDevice(new this.#sdk.UserId(matrixUserId(this.#userId)), new this.#sdk.DeviceId(this.#deviceId));
    if (own) await this.#carrier.send(await own.verify());
    const key = this.#sdk.BackupDecryptionKey.fromBase64(secrets.backupKey);
    const { version } = await this.#api.request('GET', '/e2ee/room-keys/version', { schema: (s) => s.KeyBackupVersionView });
    await this.#useBackup(key, version);
    await restoreBackup(this.#sdk, this.#machine, this.#carrier, key, version);
    return true;
  }

  async #useBackup(key: Crypto.BackupDecryptionKey, version: string): Promise<void> {
    await this.#machine.saveBackupDecryptionKey(key, version);
    await this.#machine.enableBackupV1(key.megolmV1PublicKey.publicKeyBase64, version);
  }

  /** Stops using the device: the machine's memory is released (its store, if any, stays). */
  close(): void {
    this.#machine.close();
  }

  /** Follows these people's devices (once each: the inbox says when they change), and waits for their keys. */
  async #track(userIds: string[]): Promise<void> {
    const added = userIds.filter((id) => !this.#tracked.has(id));
    if (added.length === 0) return;
    for (const id of added) this.#tracked.add(id);
    await this.#machine.updateTrackedUsers(added.map((id) => new this.#sdk.UserId(matrixUserId(id))));
    // Offline, the devices already known (from the store) are used; the machine asks for the rest on the next flush.
    await this.#carrier.flush().catch((err: unknown) => {
      if (!offline(err)) throw err;
    });
  }
}

/** The server could not be reached (not a refusal): what a device in its store can do without. */
const offline = (err: unknown): boolean => err instanceof ApiError && err.status === 0;

