/**
 * IP addresses and CIDR ranges as the site compares them (IPv4-mapped IPv6 read as IPv4): config's
 * admin allow-list, the site gate's bans, the audit log; and the one rule for the address a request
 * comes from behind trusted proxies (docs/operations.md, "Behind a proxy"). Pure; no I/O.
 */
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

/** An address as the gate and the audit log compare it (IPv4-mapped IPv6 read as IPv4); null if it is not one. */
export function normalAddress(address: string | undefined): string | null {
  if (!address || !ipaddr.isValid(address)) return null;
  return ipaddr.process(address).toString();
}

/** A CIDR range in canonical form (`203.0.113.7` → `203.0.113.7/32`); null if it is not one. */
export function normalRange(text: string): string | null {
  try {
    const [address, bits] = text.includes('/') ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), -1];
    const plain = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
    const prefix = bits === -1 ? (plain.kind() === 'ipv4' ? 32 : 128) : plain === address ? bits : bits - 96;
    if (prefix < 0) return null;
    const network = plain.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${plain}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${plain}/${prefix}`);
    return `${network.toString()}/${prefix}`;
  } catch {
    return null;
  }
}

/** True when the CIDR `range` (canonical, as normalRange makes it) holds `address`. */
export function rangeHolds(range: string, address: string): boolean {
  const normal = normalAddress(address);
  return normal !== null && normalRange(`${normal}/${range.split('/')[1]}`) === range;
}

/**
 * The proxies whose word on the client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto)
 * is taken, as TRUST_PROXY says: the nearest `hops` (0: none, the socket's peer is the client), or
 * those whose address is in `ranges` (canonical CIDR). Express's `trust proxy` and Synapse's
 * `x_forwarded` read it the same way.
 */
export type TrustedProxies = { hops: number } | { ranges: readonly string[] };

export const NO_PROXY: TrustedProxies = { hops: 0 };

/** TRUST_PROXY's text: a count of proxies (`1`, `2`), or addresses and CIDR ranges (`127.0.0.1,10.0.0.0/8`); null if neither. */
export function parseTrustedProxies(text: string): TrustedProxies | null {
  if (/^\d{1,2}$/.test(text.trim())) return { hops: Number(text) };
  const ranges = text.split(',').map((item) => (written(item.trim().split('/')[0]!) ? normalRange(item.trim()) : null));
  return ranges.length > 0 && ranges.every((range) => range !== null) ? { ranges: ranges as string[] } : null;
}

/** Whether any proxy is trusted: the server runs behind one (HSTS, secure cookies). */
export function behindProxy(trust: TrustedProxies): boolean {
  return 'hops' in trust ? trust.hops > 0 : trust.ranges.length > 0;
}

/** Whether the hop at `index` (0: the socket's peer), at `address`, is a trusted proxy. */
function trusts(trust: TrustedProxies, address: string, index: number): boolean {
  return 'hops' in trust ? index < trust.hops : trust.ranges.some((range) => rangeHolds(range, address));
}

/** An address in one of the forms people and proxies write (`10.1.2.3`, `2001:db8::1`), not ipaddr.js's looser IPv4 (`10.258`, `0x7f.1`). */
function written(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

/** An X-Forwarded-For entry's address: bare, or with a port as some proxies write it (`1.2.3.4:5678`, `[2001:db8::1]:443`). */
function forwardedAddress(entry: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry)?.[1];
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry)?.[1];
  const address = bracketed ?? withPort ?? entry;
  return written(address) ? normalAddress(address) : null;
}

/**
 * The client's address: X-Forwarded-For walked from the right, starting at the socket's peer.
 * Each trusted proxy vouches for the entry it appended, the one to its left; the first address
 * that is not a trusted proxy's is the client's, whatever the entries further left say (those the
 * client wrote itself). Past the leftmost entry, that entry is the client's. Null when the walk
 * reaches an entry that is not an address (nothing to its left can be vouched for) or the socket
 * is gone.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: TrustedProxies): string | null {
  let address = normalAddress(peer);
  const entries = forwardedFor ? forwardedFor.split(',').map((entry) => entry.trim()) : [];
  for (let index = 0; address !== null && trusts(trust, address, index); index++) {
    const next = entries.pop();
    if (next === undefined) break;
    address = forwardedAddress(next);
  }
  return address;
}

/**
 * The address a request or upgrade came from, by the one rule (`clientAddress`): Koa's `ctx.ip`,
 * both sockets, the site gate, the throttles, the audit log and a bot token's last use all read it.
 */
export function requestAddress(req: IncomingMessage, trust: TrustedProxies): string | null {
  const forwarded = req.headers['x-forwarded-for'];
  return clientAddress(req.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(',') : forwarded, trust);
}

/**
 * The scheme the client used: `https` on a TLS socket; else what X-Forwarded-Proto says (its first
 * entry), only when the socket's peer is a trusted proxy; else `http`.
 */
export function requestScheme(req: IncomingMessage, trust: TrustedProxies): string {
  if ((req.socket as { encrypted?: boolean }).encrypted) return 'https';
  const peer = normalAddress(req.socket.remoteAddress);
  const forwarded = peer !== null && trusts(trust, peer, 0) ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase() : '';
  return forwarded === 'https' ? 'https' : 'http';
}
