import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Config } from '../config';

/**
 * Addresses a webhook must never reach in production: loopback, private, carrier-grade NAT,
 * link-local (cloud metadata at 169.254.169.254), unique-local, multicast, reserved and the
 * IPv6 forms that embed an IPv4 address. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is checked
 * against the IPv4 rules by BlockList itself.
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b::', 96], // NAT64: any IPv4 address behind it
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: any IPv4 address behind it
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one a production webhook must not reach. Anything not an IP is refused too. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The host of a URL as an address or a name: without IPv6 brackets or a trailing dot, lower-case. */
export function bareHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

export type ResolveAll = (host: string) => Promise<string[]>;
const resolveAll: ResolveAll = (host) =>
  new Promise((resolve, reject) =>
    lookup(host, { all: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses.map((a) => a.address)),
    ),
  );

/**
 * Why the portal may not deliver to `raw` in this mode, or null when it may. Production
 * wants https and a public host: an address literal is checked as is, a name by resolving it
 * (every address it resolves to must be public). Development and test allow http and any host,
 * so that a receiver on the developer's machine works.
 */
export async function urlProblem(
  raw: string,
  mode: Config['mode'],
  resolve: ResolveAll = resolveAll,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (mode !== 'production') return null;
  if (url.protocol !== 'https:') return 'must use https';
  const host = bareHost(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point to this machine';
  if (isIP(host)) {
    return isPrivateAddress(host)
      ? `must not point to a private, loopback or link-local address (${host})`
      : null;
  }
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return `the host ${host} does not resolve`;
  }
  const blocked = addresses.find(isPrivateAddress);
  if (blocked !== undefined || addresses.length === 0) {
    return `must not point to a private, loopback or link-local address (${host} resolves to ${blocked ?? 'nothing'})`;
  }
  return null;
}

/**
 * The DNS lookup of a production delivery: the socket connects only to addresses checked
 * here, at connection time, so a name that resolved to a public address when the endpoint was
 * made cannot be pointed at a private one later (DNS rebinding).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked || addresses.length === 0) {
      const refused = Object.assign(
        new Error(`refused: ${hostname} resolves to ${blocked?.address ?? 'nothing'}, not a public address`),
        { code: 'EREFUSED_PRIVATE' },
      );
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
};
