/** Node-only parts of the library (`@volley/client/node`): they use the file system. */
export * from './file-storage.js';
export * from './dir-stash.js';
