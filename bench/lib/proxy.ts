/**
 * The scale-out front for tests and drills: Debian's nginx running deploy/nginx.conf itself, with
 * only what names the deployment replaced (the upstreams' addresses, the listen port, the paths of
 * the PWA and of the security headers), as the unprivileged user that runs the test, in a
 * temporary directory. A change to the routing in deploy/nginx.conf is what the test runs.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './processes.js';

const deploy = fileURLToPath(new URL('../../deploy/', import.meta.url));
/** Debian's package; NGINX overrides it. */
export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
/** Debian's libnginx-mod-http-brotli-static, which the proxy image installs. */
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

export interface Proxy {
  url: string;
  /** nginx's error log, for a failing test to show. */
  errors(): string;
  stop(): Promise<void>;
}

/** deploy/nginx.conf with the compose service names replaced by these addresses; every replacement must apply. */
export function renderNginxConf(upstreams: { api: number[]; sync: number[] }, port: number, dir: string): string {
  let conf = readFileSync(join(deploy, 'nginx.conf'), 'utf8');
  const servers = (ports: number[]) => ports.map((p) => `server 127.0.0.1:${p};`).join(' ');
  const replace = (from: string, to: string, times: number) => {
    const found = conf.split(from).length - 1;
    if (found !== times) throw new Error(`deploy/nginx.conf: expected "${from}" ${times} times, found ${found}: update bench/lib/proxy.ts`);
    conf = conf.replaceAll(from, to);
  };
  replace('server api:8080;', servers(upstreams.api), 2); // upstream api and api_games
  replace('server sync-server:8080;', servers(upstreams.sync), 1);
  replace('listen 80;', `listen 127.0.0.1:${port};`, 1);
  replace('root /usr/share/nginx/html;', `root ${join(dir, 'html')};`, 1);
  replace('/etc/nginx/security-headers.conf', join(deploy, 'security-headers.conf'), 4);
  replace('/etc/nginx/proxy-headers.conf', join(deploy, 'proxy-headers.conf'), 7); // every proxied location
  // Without the module (plain `apt-get install nginx`), the precompressed files are not served: no part of routing.
  if (!existsSync(BROTLI_MODULE)) replace('brotli_static on;', '', 1);
  return conf;
}

/** nginx in front of the given api and sync ports, on a free port; resolves once it answers. */
export async function startProxy(upstreams: { api: number[]; sync: number[] }, port: number): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'volley-nginx-'));
  // Run as root, nginx's workers drop to `nobody`, which must read the PWA's files and write its temp paths.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'html'));
  writeFileSync(join(dir, 'html', 'index.html'), '<!doctype html><title>Volley</title>');
  writeFileSync(join(dir, 'volley.conf'), renderNginxConf(upstreams, port, dir));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(dir, `${kind}_temp`)};`);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      ...(existsSync(BROTLI_MODULE) ? [`load_module ${BROTLI_MODULE};`] : []),
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 4096; }',
      `http { access_log off; ${temp.join(' ')} include ${join(dir, 'volley.conf')}; }`,
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const errors = () => (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '');
  const deadline = Date.now() + 10_000;
  while (!(await fetch(`${url}/healthz`).then((res) => res.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start (exit ${child.exitCode}): ${errors()}`);
    await sleep(50);
  }
  return {
    url,
    errors,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGQUIT');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
