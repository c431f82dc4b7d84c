/** End-to-end encrypted conversations: a device's crypto, loaded apart from the rest of the client (`@volley/client/e2ee`). */
export { CryptoDevice, type CryptoDeviceOptions, type Decrypted, type SecretMessage, type SenderTrust } from './crypto-device.js';
