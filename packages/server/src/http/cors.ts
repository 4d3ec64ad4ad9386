/**
 * The CORS origin rule shared by Fastify (@fastify/cors) and Socket.IO. Kept
 * apart from the Fastify app so the realtime side does not import it.
 */

/** CORS_ORIGINS as both libraries take it: `*` = any origin, empty = same origin only. */
export function corsOrigin(origins: string[]): boolean | string[] {
  if (origins.includes('*')) return true;
  return origins.length === 0 ? false : origins;
}

/**
 * Whether a request's Origin may open a socket: no Origin (not a browser), the
 * server's own origin, or one listed in CORS_ORIGINS (`*` = any).
 */
export function originAllowed(request: { headers: { origin?: string | undefined; host?: string | undefined } }, origins: string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origins.includes('*') || origins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
