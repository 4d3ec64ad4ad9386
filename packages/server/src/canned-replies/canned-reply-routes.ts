import { cannedReplySchema, idParamsSchema, updateCannedReplySchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/**
 * /api/canned-replies: staff list them; only admins create, change and delete.
 * Customers are refused (`forbidden`): canned replies are the team's internal material.
 */
export function registerCannedReplyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const replies = ctx.cannedReplies;

  app.get('/api/canned-replies', async (request) => {
    await ctx.requestAuth.staff(request);
    return { cannedReplies: await replies.list() };
  });

  app.post('/api/canned-replies', async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const input = parseOrThrow(cannedReplySchema, request.body, 'body');
    return reply.status(201).send({ cannedReply: await replies.create(input) });
  });

  app.patch('/api/canned-replies/:id', async (request) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const patch = parseOrThrow(updateCannedReplySchema, request.body, 'body');
    return { cannedReply: await replies.update(id, patch) };
  });

  app.delete('/api/canned-replies/:id', async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    await replies.delete(id);
    return reply.status(204).send();
  });
}
