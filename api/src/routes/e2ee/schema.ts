import { KeyBackupBody, KeyBackupQuery, KeyBackupVersionBody, SecretStorageBody, CrossSigningBody, DeviceParams, InboxQuery, KeysClaimBody, KeysQueryBody, KeysUploadBody, SignaturesBody, ToDeviceBody, ToDeviceParams } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const UploadKeysReq = { params: DeviceParams, body: KeysUploadBody };
export type UploadKeysReq = RequestInput<typeof UploadKeysReq>;

export const QueryKeysReq = { body: KeysQueryBody };
export type QueryKeysReq = RequestInput<typeof QueryKeysReq>;

export const ClaimKeysReq = { body: KeysClaimBody };
export type ClaimKeysReq = RequestInput<typeof ClaimKeysReq>;

export const CrossSigningReq = { body: CrossSigningBody };
export type CrossSigningReq = RequestInput<typeof CrossSigningReq>;

export const SignaturesReq = { body: SignaturesBody };
export type SignaturesReq = RequestInput<typeof SignaturesReq>;

export const ToDeviceReq = { params: ToDeviceParams, body: ToDeviceBody };
export type ToDeviceReq = RequestInput<typeof ToDeviceReq>;

export const InboxReq = { params: DeviceParams, query: InboxQuery };
export type InboxReq = RequestInput<typeof InboxReq>;

export const DeviceReq = { params: DeviceParams };
export type DeviceReq = RequestInput<typeof DeviceReq>;

export const SecretsReq = { body: SecretStorageBody };
export type SecretsReq = RequestInput<typeof SecretsReq>;

export const BackupVersionReq = { body: KeyBackupVersionBody };
export type BackupVersionReq = RequestInput<typeof BackupVersionReq>;

export const BackupKeysReq = { query: KeyBackupQuery, body: KeyBackupBody };
export type BackupKeysReq = RequestInput<typeof BackupKeysReq>;

export const BackedUpKeysReq = { query: KeyBackupQuery };
export type BackedUpKeysReq = RequestInput<typeof BackedUpKeysReq>;
