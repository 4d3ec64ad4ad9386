import { type SearchResponse, searchParamsSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** GET /api/search?q=…&cursor=…&limit=…: agents search everything, customers their own queries. */
export function registerSearchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/search', async (request): Promise<SearchResponse> => {
    const user = await ctx.requestAuth.user(request);
    const params = parseOrThrow(searchParamsSchema, request.query, 'query');
    return ctx.search.search(user, params, request.ip);
  });
}
