/**
 * Which address a request comes from, with one rule for REST (Fastify) and
 * Socket.IO (handshake rate limits). Behind a proxy, X-Forwarded-For is read
 * right to left and only hops from TRUST_PROXY addresses are skipped, so a
 * client cannot pick its own IP by sending the header itself.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Decides whether the hop `addr` (the i-th from the socket's peer) is a proxy we trust. */
export type TrustFunction = (addr: string, i: number) => boolean;

/** `TRUST_PROXY` as a trust function: addresses, CIDRs or `loopback`/`linklocal`/`uniquelocal`; empty = trust none. */
export function compileTrust(trusted: readonly string[]): TrustFunction {
  return trusted.length === 0 ? () => false : proxyAddr.compile([...trusted]);
}

/** The client's address for this raw request. */
export function clientIp(request: IncomingMessage, trust: TrustFunction): string {
  return proxyAddr(request, trust);
}
