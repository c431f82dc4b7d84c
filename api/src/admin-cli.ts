/**
 * `npm run admin -- <command>`: the operator's command line, talking to the running Volley
 * through an api process's operator socket (under DATA_DIR/admin/). Run it where Volley runs, as its user.
 *
 *   ban <username> [duration] [reason…]     ban an account (30m, 12h, 7d, 2w; none: until lifted)
 *   ban-ip <address|range> [duration] [reason…]
 *   unban <ban id>                          lift a ban (ids from `bans`)
 *   kick <username>                         end every session of the account now
 *   role <username> <user|moderator|admin>  give or take a site role
 *   bans | users [prefix]                   list
 *   audit [--user name] [--address range] [--action name] [--limit n]
 */
import { request } from 'node:http';
import { Duration } from '@volley/shared';
import { ConfigError, loadConfig } from '@volley/core';
import { operatorSocketDir, operatorSockets, removeDeadSocket } from './operator-socket.js';

type Call = { method: string; path: string; body?: unknown };

function parse(args: string[]): Call {
  const [command, ...rest] = args;
  const durationAndReason = (words: string[]) => {
    const duration = words[0] !== undefined && Duration.safeParse(words[0]).success ? words.shift() : undefined;
    return { ...(duration ? { duration } : {}), ...(words.length ? { reason: words.join(' ') } : {}) };
  };
  switch (command) {
    case 'ban':
      return { method: 'POST', path: '/admin/bans', body: { username: need(rest.shift(), 'username'), ...durationAndReason(rest) } };
    case 'ban-ip':
      return { method: 'POST', path: '/admin/bans', body: { address: need(rest.shift(), 'address'), ...durationAndReason(rest) } };
    case 'unban':
      return { method: 'DELETE', path: `/admin/bans/${encodeURIComponent(need(rest[0], 'ban id'))}` };
    case 'kick':
      return { method: 'POST', path: '/admin/kick', body: { username: need(rest[0], 'username') } };
    case 'role':
      return { method: 'POST', path: '/admin/roles', body: { username: need(rest[0], 'username'), role: need(rest[1], 'role') } };
    case 'bans':
      return { method: 'GET', path: '/admin/bans' };
    case 'users':
      return { method: 'GET', path: `/admin/users${rest[0] ? `?q=${encodeURIComponent(rest[0])}` : ''}` };
    case 'audit': {
      const query = new URLSearchParams();
      for (let i = 0; i < rest.length; i += 2) query.set(need(rest[i], 'option').replace(/^--/, ''), need(rest[i + 1], rest[i]!));
      return { method: 'GET', path: `/admin/audit?${query}` };
    }
    default:
      throw new UsageError(`unknown command: ${command ?? '(none)'}`);
  }
}

class UsageError extends Error {}

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}

function send(socketPath: string, call: Call): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const req = request({ socketPath, method: call.method, path: `/api/v1${call.path}`, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Through the first socket a process answers on; one that refuses the connection was left by a process that died. */
async function sendToVolley(dataDir: string, call: Call): Promise<{ status: number; text: string }> {
  for (const socketPath of operatorSockets(dataDir)) {
    try {
      return await send(socketPath, call);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Refused or gone before anything was sent: no process behind it, and the call was not made.
      if (code !== 'ECONNREFUSED' && code !== 'ENOENT') throw new Error(`lost the connection to Volley at ${socketPath} (${code ?? (err as Error).message}): the call may or may not have been made`);
      removeDeadSocket(socketPath);
    }
  }
  throw new Error(`cannot reach Volley: no process answers under ${operatorSocketDir(dataDir)}: is it running, with this DATA_DIR?`);
}

try {
  const call = parse(process.argv.slice(2));
  const { status, text } = await sendToVolley(loadConfig().dataDir, call);
  process.stdout.write(text ? `${JSON.stringify(JSON.parse(text), null, 2)}\n` : 'done\n');
  process.exitCode = status < 400 ? 0 : 1;
} catch (err) {
  process.stderr.write(`volley admin: ${(err as Error).message}\n`);
  if (err instanceof UsageError || err instanceof ConfigError) process.stderr.write('usage: npm run admin -- ban|ban-ip|unban|kick|role|bans|users|audit … (see server/src/admin-cli.ts)\n');
  process.exitCode = 2;
}
