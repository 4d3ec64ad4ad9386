import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { sendError } from './error-handler.js';

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
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
