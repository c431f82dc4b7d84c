/** Volley's server processes as an operator runs them, for drills and tests: spawned, signalled, on a database of their own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LOOSE_THROTTLES } from '@volley/core';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Proc {
  child: ChildProcess;
  port: number;
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A package's `main`, started once it answers `/readyz`: built, or its source through tsx with the
 * `source` export condition (no build needed). Its environment is this process's with `env` over
 * it; a variable given as undefined is left out.
 */
export function proc(pkg: string, built: boolean, env: Record<string, string | undefined>, port: number, options: { logFile?: string } = {}): Proc {
  const main = built ? `${pkg}/dist/main.js` : `${pkg}/src/main.ts`;
  const p: Proc = {
    child: undefined as unknown as ChildProcess,
    port,
    async start() {
      p.child = spawn(process.execPath, [...(built ? [] : ['--conditions=source', '--import', 'tsx']), join(root, main)], {
        cwd: root,
        // Benchmarks and tests register accounts by the hundred: the sign-in throttles are loose.
        env: { ...process.env, LOG_LEVEL: 'warn', ...LOOSE_THROTTLES, ...env, PORT: String(port), HOST: '127.0.0.1' },
        // Its log (pino, on stdout) to `logFile` when given, appended across restarts.
        stdio: ['ignore', options.logFile ? openSync(options.logFile, 'a') : 'ignore', 'inherit'],
      });
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        if (p.child.exitCode !== null) throw new Error(`${main} exited with ${p.child.exitCode}`);
        if (await fetch(`http://127.0.0.1:${port}/readyz`).then((res) => res.ok, () => false)) return;
        await sleep(50);
      }
      throw new Error(`${main} did not start`);
    },
  };
  return p;
}

export function kill(p: Proc, signal: NodeJS.Signals): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}

/** A database of its own on the given server; dropped by `drop()`. */
export async function ownDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `volley_proc_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

