import { type SettingsResponse, updateSettingsSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** /api/settings: every agent reads the workspace settings; admins change them. */
export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/settings', async (request): Promise<SettingsResponse> => {
    await ctx.requestAuth.staff(request);
    return { settings: ctx.settings.current() };
  });

  app.patch('/api/settings', async (request): Promise<SettingsResponse> => {
    await ctx.requestAuth.admin(request);
    const patch = parseOrThrow(updateSettingsSchema, request.body, 'body');
    return { settings: await ctx.settings.update(patch) };
  });
}
