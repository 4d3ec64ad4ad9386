/**
 * While the node shuts down, new REST work is refused with `unavailable` —
 * except the probes: /healthz (still alive), /readyz (answers its own
 * `{status:'unavailable'}` so load balancers read the documented body) and
 * /metrics (the last scrape still works).
 */
import type { FastifyInstance } from 'fastify';
import { sendError } from './error-handler.js';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function installShutdownGate(app: FastifyInstance, isClosing: () => boolean): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isClosing() || PROBES.has(request.url.split('?')[0]!)) return;
    return sendError(reply, { code: 'unavailable', message: 'the server is shutting down' });
  });
}
