import { createQuerySchema, idParamsSchema, listQueriesParamsSchema, updateQuerySchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** /api/queries: customers open and read their own; agents read all and change state. */
export function registerQueryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/queries', async (request, reply) => {
    const user = await ctx.requestAuth.user(request);
    const input = parseOrThrow(createQuerySchema, request.body, 'body');
    const { query, duplicate } = await ctx.queries.create(user, input, request.ip);
    // 200 for a retry that found its query: nothing new was created.
    return reply.status(duplicate ? 200 : 201).send({ query });
  });

  app.get('/api/queries', async (request) => {
    const user = await ctx.requestAuth.user(request);
    const params = parseOrThrow(listQueriesParamsSchema, request.query, 'query string');
    return ctx.queries.list(user, params);
  });

  app.get('/api/queries/:id', async (request) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    return { query: await ctx.queries.get(user, id) };
  });

  app.patch('/api/queries/:id', async (request) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    // Authorization before validation: a customer learns nothing about the body's shape.
    if (user.role === 'customer') await ctx.queries.update(user, id, {});
    const patch = parseOrThrow(updateQuerySchema, request.body, 'body');
    return { query: await ctx.queries.update(user, id, patch) };
  });
}
