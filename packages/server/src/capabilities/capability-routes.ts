import { type CapabilitiesResponse, RestRoutes } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';

/** GET /api/capabilities (staff): what this server is set up to do, so the console can say what it will not. */
export function registerCapabilityRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(RestRoutes.capabilities, async (request): Promise<CapabilitiesResponse> => {
    await ctx.requestAuth.staff(request);
    return { emailNotifications: Boolean(ctx.config.email.smtpUrl) };
  });
}
