import { idParamsSchema, listMessagesParamsSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** GET /api/queries/:id/messages?after&before&limit&internal — history pages, ascending seq. */
export function registerMessageRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/queries/:id/messages', async (request) => {
    const user = await ctx.requestAuth.user(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const params = parseOrThrow(listMessagesParamsSchema, request.query, 'query string');
    return { messages: await ctx.messages.history(user, id, params) };
  });
}
