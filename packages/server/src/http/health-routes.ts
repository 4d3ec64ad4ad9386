import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { sendError } from './error-handler.js';

/** Addresses of this host: IPv4 127/8, IPv6 ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/** /healthz (process alive), /readyz (store answers, not shutting down), /metrics (Prometheus). */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const config = { rateLimit: false };

  app.get('/healthz', { config }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config }, async (_request, reply) => {
    try {
      if (ctx.isClosing()) throw new Error('closing');
      await ctx.store.ping();
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  app.get('/metrics', { config }, async (request, reply) => {
    const token = ctx.config.metricsToken;
    if (token && request.headers.authorization !== `Bearer ${token}`) {
      return sendError(reply, { code: 'unauthorized', message: 'a metrics token is required' });
    }
    // Safe by default: without METRICS_TOKEN only this host may scrape (the client's address as TRUST_PROXY
    // resolves it, so a request relayed by a local proxy for someone else is not "local").
    if (!token && !isLoopback(request.ip)) {
      return sendError(reply, { code: 'forbidden', message: 'metrics are served to this host only; set METRICS_TOKEN to scrape from elsewhere' });
    }
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
