import { type CustomerResponse, idParamsSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { AppError } from '../errors/app-error.js';
import { parseOrThrow } from '../http/validate.js';

/**
 * /api/customers/:id (staff): who the customer behind a query is — the email a visitor left "so we can follow
 * up", or the host's external id of an identified customer. Customers are refused (`forbidden`).
 */
export function registerCustomerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/customers/:id', async (request): Promise<CustomerResponse> => {
    await ctx.requestAuth.staff(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const customer = await ctx.store.getCustomer(id);
    if (!customer) throw new AppError('not_found', 'no customer with this id');
    return { customer };
  });
}
