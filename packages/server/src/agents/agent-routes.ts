import { createAgentSchema, idParamsSchema, updateAgentSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** /api/agents: staff may list (with presence); only admins create and change agents. */
export function registerAgentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/agents', async (request) => {
    await ctx.requestAuth.staff(request);
    return { agents: await ctx.agents.list() };
  });

  app.post('/api/agents', async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const input = parseOrThrow(createAgentSchema, request.body, 'body');
    return reply.status(201).send({ agent: await ctx.agents.create(input) });
  });

  app.patch('/api/agents/:id', async (request) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const patch = parseOrThrow(updateAgentSchema, request.body, 'body');
    return { agent: await ctx.agents.update(id, patch) };
  });
}
