/**
 * The one rule for a client's address behind proxies: X-Forwarded-For walked from the right,
 * starting at the socket's peer, past the trusted proxies only. What a client writes into the
 * header itself never moves its address.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientAddress, NO_PROXY, parseTrustedProxies, requestScheme, type TrustedProxies } from './addresses.js';

const trust = (text: string): TrustedProxies => parseTrustedProxies(text)!;

describe('the client address', () => {
  it('is the socket’s peer with no proxy trusted, whatever the header says', () => {
    expect(clientAddress('203.0.113.7', '10.9.9.9', NO_PROXY)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', undefined, NO_PROXY)).toBe('203.0.113.7');
  });

  it('behind one proxy (count): the entry that proxy appended, not the client’s own entries to its left', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.4', trust('1'))).toBe('198.51.100.4');
    // A client that sends `X-Forwarded-For: 10.9.9.9` to a proxy that appends its peer.
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.4', trust('1'))).toBe('198.51.100.4');
    expect(clientAddress('127.0.0.1', '10.9.9.9,10.8.8.8,  198.51.100.4', trust('1'))).toBe('198.51.100.4');
    // A request straight from the proxy (a health check): the proxy is the client.
    expect(clientAddress('127.0.0.1', undefined, trust('1'))).toBe('127.0.0.1');
  });

  it('behind two proxies (count): the entry the outer one appended', () => {
    expect(clientAddress('10.0.0.2', '10.9.9.9, 198.51.100.4, 10.0.0.1', trust('2'))).toBe('198.51.100.4');
    // Fewer entries than proxies: the leftmost is all there is.
    expect(clientAddress('10.0.0.2', '198.51.100.4', trust('2'))).toBe('198.51.100.4');
  });

  it('behind proxies given by address and range: walks past each of them, and no further', () => {
    const proxies = trust('127.0.0.1, 10.0.0.0/8');
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.4, 10.1.2.3', proxies)).toBe('198.51.100.4');
    // A client that reaches the server directly is its own address, its header ignored.
    expect(clientAddress('198.51.100.4', '10.9.9.9', proxies)).toBe('198.51.100.4');
    // A client inside a trusted range is still a client once the walk has passed every proxy.
    expect(clientAddress('127.0.0.1', '10.9.9.9', proxies)).toBe('10.9.9.9');
  });

  it('reads IPv6 peers, entries and ranges, with IPv4-mapped addresses as IPv4', () => {
    const proxies = trust('::1,fd00::/8');
    expect(clientAddress('::1', '2001:db8::9, fd00::1', proxies)).toBe('2001:db8::9');
    expect(clientAddress('::1', '2001:db8::dead, 2001:db8::9', trust('1'))).toBe('2001:db8::9');
    expect(clientAddress('::ffff:127.0.0.1', '::ffff:198.51.100.4', trust('127.0.0.1'))).toBe('198.51.100.4');
    expect(clientAddress('::1', '[2001:db8::9]:443', proxies)).toBe('2001:db8::9');
    expect(clientAddress('127.0.0.1', '198.51.100.4:5678', trust('1'))).toBe('198.51.100.4');
  });

  it('is unknown when the walk reaches an entry that is no address; a malformed entry further left changes nothing', () => {
    for (const bad of ['unknown', 'not-an-ip', '999.1.1.1', '10.258', '0x7f.0.0.1', '10.0.0.0/8', '_hidden', '198.51.100.4 extra']) {
      expect(clientAddress('127.0.0.1', bad, trust('1'))).toBeNull();
      expect(clientAddress('127.0.0.1', `${bad}, 198.51.100.4`, trust('1'))).toBe('198.51.100.4');
    }
    expect(clientAddress('127.0.0.1', ' , 198.51.100.4', trust('2'))).toBeNull();
    expect(clientAddress(undefined, '198.51.100.4', trust('1'))).toBeNull();
    // An empty header is no header.
    expect(clientAddress('127.0.0.1', '', trust('1'))).toBe('127.0.0.1');
  });
});

describe('the scheme', () => {
  const from = (remoteAddress: string, proto?: string, encrypted = false) =>
    ({ socket: { remoteAddress, encrypted }, headers: proto === undefined ? {} : { 'x-forwarded-proto': proto } }) as unknown as IncomingMessage;

  it('is what a trusted proxy says, and never what a client says on its own', () => {
    expect(requestScheme(from('127.0.0.1', 'https'), trust('1'))).toBe('https');
    expect(requestScheme(from('127.0.0.1', 'https'), trust('10.0.0.0/8'))).toBe('http');
    expect(requestScheme(from('198.51.100.4', 'https'), NO_PROXY)).toBe('http');
    expect(requestScheme(from('127.0.0.1', 'javascript'), trust('1'))).toBe('http');
    expect(requestScheme(from('198.51.100.4', undefined, true), NO_PROXY)).toBe('https');
  });
});

describe('TRUST_PROXY’s text', () => {
  it('is a count of proxies or a list of addresses and ranges, nothing else', () => {
    expect(parseTrustedProxies('0')).toEqual({ hops: 0 });
    expect(parseTrustedProxies('2')).toEqual({ hops: 2 });
    expect(parseTrustedProxies('127.0.0.1,10.0.0.0/8, ::1')).toEqual({ ranges: ['127.0.0.1/32', '10.0.0.0/8', '::1/128'] });
    for (const bad of ['true', 'yes', '', '-1', '1.5', '10.0.0.0/33', '127.0.0.1,', 'nginx']) expect(parseTrustedProxies(bad)).toBeNull();
  });
});

describe('the rule', () => {
  it('is the only reader of a request’s peer and forwarded headers in the servers’ code', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const own = new Set(['core/src/addresses.ts', 'core/src/http/client-address.ts']);
    const raw = /remoteAddress|['"`]x-forwarded-|\.ips\b|\.proxy\s*=|proxyIpHeader/i;
    const readers = ['api/src', 'core/src', 'sync-server/src', 'server/src'].flatMap((dir) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[])
        .map((file) => `${dir}/${file}`)
        .filter((file) => file.endsWith('.ts') && !/\.test(ing)?\.ts$/.test(file) && !own.has(file))
        .filter((file) => raw.test(readFileSync(join(root, file), 'utf8'))),
    );
    expect(readers).toEqual([]);
  });
});
