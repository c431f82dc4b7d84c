/**
 * Every schema of this package, with zod's `object` and `array`, as one module that a client loads when it first
 * validates a response or a frame (`import('@volley/shared/schemas')`): apart from a page's first
 * load (docs/architecture.md, "Schemas apart from the first load"). Only the modules that make
 * schemas: the rest of the package (Yjs' documents, the frames, the game's physics) is not
 * evaluated with them. Modules the PWA runs at once make no schema; the server imports the schemas
 * from the package's main entry as before.
 */
export * from './base-schemas.js';
export * from './error-body.js';
export * from './ops.js';
export * from './op-acks.js';
export * from './encrypted.js';
export * from './stream-chunk.js';
export * from './api/auth.js';
export * from './api/oauth.js';
export * from './api/account.js';
export * from './api/conversations.js';
export * from './api/users.js';
export * from './api/social.js';
export * from './api/channels.js';
export * from './api/e2ee.js';
export * from './api/messages.js';
export * from './api/games.js';
export * from './api/tournaments.js';
export * from './api/bots.js';
export * from './api/admin.js';
export * from './api/stickers.js';
export * from './api/params.js';
export * from './api/push.js';
export * from './game/settings.js';
export * from './game/protocol.js';
/** For a response's shape made where it is asked (`(s) => s.object({ items: s.array(s.SessionView) })`). */
export { array, object } from 'zod';
