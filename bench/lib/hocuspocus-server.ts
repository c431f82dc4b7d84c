/**
 * Hocuspocus as its documentation starts it: `@hocuspocus/server` on its defaults, with its SQLite
 * extension storing every document in a file (`HOCUSPOCUS_SQLITE`). On its defaults Hocuspocus
 * broadcasts an update at once and stores the document's whole state later (debounced 2 s, at most
 * every 10 s): nothing is stored before it is seen.
 *
 *   HOCUSPOCUS_SQLITE=/tmp/…/documents.sqlite PORT=… node --import tsx bench/lib/hocuspocus-server.ts
 */
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true, extensions: [new SQLite({ database: process.env.HOCUSPOCUS_SQLITE! })] });
// On SIGTERM it stores what its debounce still holds and exits (its own `stopOnSignals`).
await server.listen();
