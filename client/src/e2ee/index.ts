/** End-to-end encrypted conversations: a device's crypto, loaded apart from the rest of the client (`@volley/client/e2ee`). */
export { CryptoDevice, type CryptoDeviceOptions } from './crypto-device.js';
export { readWithStore, type Decrypted, type RelayedMessage, type SecretMessage } from './decrypting.js';
export type { SenderTrust } from './sender-trust.js';
export type { MemberDevice } from './member-devices.js';
export type { Verification, VerificationEmoji, VerificationState } from './verification.js';
export type { Verifications } from './verifications.js';
export { syncOnInboxSignal } from './inbox-signal.js';
export { deviceSealer } from './device-sealer.js';
export { downloadSealed, downloadThumbnail, openFile, sealFile, SealedFileError, uploadSealed, type FileAbout, type SealedFile, type SealedThumbnail } from './sealed-file.js';
