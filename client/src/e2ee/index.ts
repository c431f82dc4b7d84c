/** End-to-end encrypted conversations: a device's crypto, loaded apart from the rest of the client (`@volley/client/e2ee`). */
export { CryptoDevice, type CryptoDeviceOptions, type Decrypted, type SecretMessage } from './crypto-device.js';
export type { SenderTrust } from './sender-trust.js';
export type { MemberDevice } from './member-devices.js';
export type { Verification, VerificationEmoji, VerificationState } from './verification.js';
export type { Verifications } from './verifications.js';
export { syncOnInboxSignal } from './inbox-signal.js';
export { downloadSealed, openFile, sealFile, SealedFileError, uploadSealed, type FileAbout, type SealedFile } from './sealed-file.js';
