/**
 * What one client may hold of this node's sockets, below HTTP: idle TCP
 * connections must not exhaust the descriptors everyone else needs.
 * - A connection that has not sent a complete request (or upgrade) within
 *   `firstRequestMs` (FIRST_REQUEST_TIMEOUT_MS) of its accept — or of its TLS
 *   handshake — is closed: Node's `headersTimeout`
 *   only starts once a request's first byte arrives, so a silent connection
 *   would otherwise stay forever.
 * - Partial headers, slow bodies, idle keep-alives and TLS handshakes have
 *   their own timeouts ({@link HTTP_TIMEOUTS}, given to the server at creation).
 * - A client address holds at most `maxPerIp` connections; more are closed at
 *   once. Connections from trusted proxies (TRUST_PROXY) are not counted: they
 *   carry many clients, and the proxy caps each source itself (deploy/haproxy.cfg).
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Metrics } from '../observability/metrics.js';
import type { TrustFunction } from './client-ip.js';

/** Every timeout of an HTTP connection, in one place. */
export const HTTP_TIMEOUTS = {
  /** From a request's first byte to its last header (Node's headersTimeout). */
  headersMs: 10_000,
  /** A whole request, body included: a 10 MiB upload at 100 KB/s fits (Node's requestTimeout). */
  requestMs: 120_000,
  /**
   * An idle keep-alive connection between requests. Longer than HAProxy keeps an idle connection to a node for
   * reuse (its pool-purge-delay, 5 s), so the proxy never sends a request on a connection the node is closing.
   */
  keepAliveMs: 15_000,
  /** The TLS handshake, when the node serves HTTPS itself. */
  tlsHandshakeMs: 10_000,
  /** How often Node checks the headers and request timeouts. */
  checkingIntervalMs: 1_000,
} as const;

/** Options for `http.createServer`/`https.createServer` that apply {@link HTTP_TIMEOUTS}. */
export const serverTimeoutOptions = {
  headersTimeout: HTTP_TIMEOUTS.headersMs,
  requestTimeout: HTTP_TIMEOUTS.requestMs,
  keepAliveTimeout: HTTP_TIMEOUTS.keepAliveMs,
  connectionsCheckingInterval: HTTP_TIMEOUTS.checkingIntervalMs,
};

export interface ConnectionGuardOptions {
  /** 0 = no cap. */
  maxPerIp: number;
  trust: TrustFunction;
  /** The server is HTTPS: requests arrive on the TLS socket, not the raw one. */
  secure: boolean;
  metrics: Metrics;
  firstRequestMs: number;
}

export function guardConnections(server: HttpServer | HttpsServer, options: ConnectionGuardOptions): void {
  const perIp = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? '';
    if (options.maxPerIp <= 0 || ip === '' || options.trust(ip, 0)) return;
    const held = (perIp.get(ip) ?? 0) + 1;
    perIp.set(ip, held);
    socket.once('close', () => {
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left > 0) perIp.set(ip, left);
      else perIp.delete(ip);
    });
    if (held > options.maxPerIp) {
      options.metrics.quotaRefused.inc({ kind: 'tcp_connections_per_ip' });
      socket.destroy();
    }
  });

  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  const { firstRequestMs } = options;
  // One function for every connection, not a closure each: a closure would keep the served timer for the
  // connection's whole life (a few hundred bytes of every idle socket's heap).
  function clearWaiting(this: Socket): void {
    clearTimeout(waiting.get(this));
  }
  server.on(options.secure ? 'secureConnection' : 'connection', (socket: Socket) => {
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), firstRequestMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', clearWaiting);
  });
  const served = (request: IncomingMessage) => {
    const timer = waiting.get(request.socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    waiting.delete(request.socket);
    // Served: the close listener has nothing left to clear, and its once-wrapper would stay for the connection's life.
    request.socket.off('close', clearWaiting);
  };
  server.on('request', served);
  server.on('upgrade', served);
}
