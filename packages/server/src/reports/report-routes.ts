import { type ReportResponse, reportParamsSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** GET /api/reports?from=…&to=…[&timeZone=…][&agentId=…]: admins the team, agents themselves. */
export function registerReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/reports', async (request): Promise<ReportResponse> => {
    const user = await ctx.requestAuth.staff(request);
    const params = parseOrThrow(reportParamsSchema, request.query, 'query');
    return ctx.reports.report(user, params);
  });
}
