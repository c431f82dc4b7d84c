/**
 * The operator's way in (`npm run admin`): the admin api on Unix sockets under the data directory,
 * readable by the account that runs Volley and nobody else. Whoever can reach a socket already
 * holds the database and the secrets; no password is asked, nothing listens on the network.
 *
 * Each api process listens on a socket of its own (`DATA_DIR/admin/<random>.sock`): processes that
 * share a data directory never replace or remove each other's, and a process that stops removes
 * only its own. Any one serves the same api; the command line takes the first that answers.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const operatorSocketDir = (dataDir: string): string => join(dataDir, 'admin');

export async function listenOperator(dataDir: string, callback: RequestListener): Promise<Server> {
  const dir = operatorSocketDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await Promise.all(operatorSockets(dataDir).map(removeIfDead));
  // Four random bytes: processes in separate containers share pids, and a path must stay under 108 bytes.
  const path = join(dir, `${randomBytes(4).toString('hex')}.sock`);
  const server = createServer(callback);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  chmodSync(path, 0o600);
  return server;
}

/** The sockets under the data directory, the newest first (a process killed with -9 leaves its own). */
export function operatorSockets(dataDir: string): string[] {
  const dir = operatorSocketDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.sock'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const paths = names.map((name) => join(dir, name));
  const mtimes = new Map(paths.map((path) => [path, statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0]));
  return paths.sort((a, b) => mtimes.get(b)! - mtimes.get(a)!);
}

/** A socket no process listens on any more: the command line removes it and tries the next. */
export function removeDeadSocket(path: string): void {
  rmSync(path, { force: true });
}

const refuses = (path: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

/**
 * Sockets left by processes killed with -9 are removed when a process starts. Refused twice, 200 ms
 * apart: a process starting at the same moment may be between creating its socket and listening.
 */
async function removeIfDead(path: string): Promise<void> {
  if ((await refuses(path)) && (await sleep(200).then(() => refuses(path)))) removeDeadSocket(path);
}
