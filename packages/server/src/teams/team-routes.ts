import { createTeamSchema, idParamsSchema, type TeamChoicesResponse, type TeamListResponse, type TeamResponse, updateTeamSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { isStaff } from '../auth/roles.js';
import { parseOrThrow } from '../http/validate.js';

/**
 * /api/teams: every signed-in user lists them (customers get names to pick from, staff the whole team with
 * members and settings); admins create, change and delete them.
 */
export function registerTeamRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/teams', async (request): Promise<TeamListResponse | TeamChoicesResponse> => {
    const user = await ctx.requestAuth.user(request);
    return isStaff(user) ? { teams: await ctx.teams.list() } : { teams: await ctx.teams.choices() };
  });

  app.post('/api/teams', async (request, reply): Promise<TeamResponse> => {
    await ctx.requestAuth.admin(request);
    const input = parseOrThrow(createTeamSchema, request.body, 'body');
    reply.code(201);
    return { team: await ctx.teams.create(input) };
  });

  app.patch('/api/teams/:id', async (request): Promise<TeamResponse> => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const patch = parseOrThrow(updateTeamSchema, request.body, 'body');
    return { team: await ctx.teams.update(id, patch) };
  });

  app.delete('/api/teams/:id', async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    await ctx.teams.delete(id);
    reply.code(204);
  });
}
