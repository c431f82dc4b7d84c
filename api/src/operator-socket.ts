/**
 * The operator's way in (`npm run admin`): the admin api on a Unix socket under the data
 * directory, readable by the account that runs Volley and nobody else. Whoever can reach the
 * socket already holds the database and the secrets; no password is asked, nothing listens on
 * the network.
 */
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { join } from 'node:path';

export const operatorSocketPath = (dataDir: string): string => join(dataDir, 'admin.sock');

export async function listenOperator(dataDir: string, callback: RequestListener): Promise<Server> {
  const path = operatorSocketPath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  // A socket left by a process that died; a running one is replaced (any process serves the same api).
  rmSync(path, { force: true });
  const server = createServer(callback);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  try {
    chmodSync(path, 0o600);
  } catch (err) {
    // Another api process on the same data directory replaced the socket meanwhile, and sets its own.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return server;
}
