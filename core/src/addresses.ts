/**
 * IP addresses and CIDR ranges as the site compares them (IPv4-mapped IPv6 read as IPv4): config's
 * admin allow-list, the site gate's bans, the audit log. Pure; no I/O.
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
 * The address a request or upgrade came from: the socket's peer, or with `trustProxy` the first
 * X-Forwarded-For entry, as Koa's `ctx.ip` reads it (one rule for HTTP and sockets).
 */
export function requestAddress(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  return normalAddress(forwarded || req.socket.remoteAddress);
}
