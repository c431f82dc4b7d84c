/** The app's local database (db/db.ts), which the push worker reads the device's record from. */
export const APP_DB = 'volley';

/** The IndexedDB store of an account's crypto machine on this profile (the app's device and the service worker read the same). */
export const cryptoStoreName = (userId: string): string => `volley-crypto-${userId}`;

/** Where the service worker keeps the machine's WebAssembly once the app has fetched it (sw.ts). */
export const WASM_CACHE = 'volley-wasm';
