import { idParamsSchema, rateQuerySchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** POST /api/queries/:id/rating `{ score, comment? }` → `{ query }`: the query's customer, once resolved. */
export function registerRatingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const service = ctx.ratings;
  app.post('/api/queries/:id/rating', async (request) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    // Authorization before validation: someone else learns nothing about the body's shape.
    await service.authorize(user, id);
    const input = parseOrThrow(rateQuerySchema, request.body, 'body');
    return { query: await service.rate(user, id, input) };
  });
}
