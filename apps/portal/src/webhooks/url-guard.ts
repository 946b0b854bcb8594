import { type LookupAddress, lookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config';

/**
 * Global unicast IPv6 (2000::/3) apart from documentation; everything else there (unique-local,
 * link-local, multicast, the unspecified and loopback addresses, the deprecated
 * IPv4-compatible `::a.b.c.d`) is not a place a webhook goes.
 */
const GLOBAL_V6 = ipaddr.parseCIDR('2000::/3');
const DOCUMENTATION_V6 = ipaddr.parseCIDR('2001:db8::/32');

/**
 * Whether an IP address is one a production webhook must not reach. ipaddr.js classifies it
 * against the IANA special-purpose registries: only plain `unicast` is public. That refuses
 * loopback, private, carrier-grade NAT, link-local (cloud metadata at 169.254.169.254),
 * benchmarking, documentation, multicast and reserved IPv4, and in IPv6 every form that embeds
 * an IPv4 address (mapped `::ffff:a.b.c.d`, translated `::ffff:0:a.b.c.d`, NAT64, 6to4,
 * Teredo), whatever the address inside it. Anything not an IP address is refused too.
 */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 0 || !ipaddr.isValid(address)) return true;
  const ip = ipaddr.parse(address);
  if (ip.range() !== 'unicast') return true;
  if (ip.kind() === 'ipv6') return !ip.match(GLOBAL_V6) || ip.match(DOCUMENTATION_V6);
  return false;
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
