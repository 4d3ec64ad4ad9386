/**
 * The CORS origin rule shared by Fastify (@fastify/cors) and Socket.IO. Kept
 * apart from the Fastify app so the realtime side does not import it.
 */

/** CORS_ORIGINS as both libraries take it: `*` = any origin, empty = same origin only. */
export function corsOrigin(origins: string[]): boolean | string[] {
  if (origins.includes('*')) return true;
  return origins.length === 0 ? false : origins;
}

/** What the origin check reads of a request. */
export interface OriginRequest {
  headers: { origin?: string | undefined; host?: string | undefined; 'x-forwarded-proto'?: string | string[] | undefined };
  /** Whether the request came over TLS to this node (an https/wss server). */
  secure: boolean;
  /** Whether it came through a proxy of TRUST_PROXY, whose X-Forwarded-Proto is then believed. */
  fromTrustedProxy: boolean;
}

/**
 * Whether a request's Origin may open a socket: no Origin (not a browser), the server's own origin — scheme,
 * host and port, so `https://host` is not ours when we are served over plain http — or one listed in
 * CORS_ORIGINS (`*` = any). Behind a trusted proxy the scheme is the one the client used (X-Forwarded-Proto).
 */
export function originAllowed(request: OriginRequest, origins: string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origins.includes('*') || origins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const forwarded = request.fromTrustedProxy ? String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : '';
  const scheme = forwarded || (request.secure ? 'https' : 'http');
  return url.protocol === `${scheme}:` && url.host === request.headers.host;
}
