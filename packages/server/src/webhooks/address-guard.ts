/**
 * Keeps webhook deliveries from reaching the servers around Parley (SSRF): a
 * URL an admin registers is refused when its host resolves to a loopback,
 * private, link-local, shared or otherwise non-public address, and every
 * delivery resolves again and connects only to an address that passes — the
 * check sits in the connection's DNS lookup, so a name that changes its answer
 * after registration (DNS rebinding) is caught when it matters.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../errors/app-error.js';

/** Ranges no webhook may reach unless private addresses are allowed (IANA special-purpose registries). */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(network, prefix, 'ipv6');

/** True when `address` (an IPv4 or IPv6 literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    // ::ffff:a.b.c.d is the IPv4 address a.b.c.d.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

const refusedAddress = (host: string, address: string) =>
  new AppError(
    'invalid_payload',
    `the webhook URL's host ${host} resolves to ${address}, a private or reserved address; ` +
      'deliveries go to public addresses only unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true',
    { issues: [{ path: 'url', message: 'resolves to a private or reserved address' }] },
  );

export type Resolve = (host: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/**
 * Refuses (`invalid_payload`) a webhook URL whose host does not resolve, or resolves to any address that is not
 * public — every address it resolves to must pass, since a delivery may connect to any of them.
 */
export async function checkWebhookUrl(url: string, allowPrivate: boolean, resolve: Resolve = systemResolve): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    throw new AppError('invalid_payload', `the webhook URL's host ${host} does not resolve`, {
      issues: [{ path: 'url', message: 'host not found' }],
    });
  }
  if (allowPrivate) return;
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw refusedAddress(host, bad.address);
}

/**
 * A `lookup` for http.request that resolves as usual and fails the connection when the answer is not a public
 * address (allowPrivate: passes everything through).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (bad) return callback(refusedAddress(hostname, bad.address), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}
