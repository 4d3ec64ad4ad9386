import { type CustomerResponse, idParamsSchema, updateCustomerSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/**
 * /api/customers (see docs/protocol.md):
 * - `GET /:id` (staff): the customer panel — who the customer is (the email a visitor left "so we can follow up",
 *   or the host's external id), first and last seen, online now, and their latest queries;
 * - `PATCH /:id` (staff): correct their name or email;
 * - `GET /me` (a customer): their own details, to edit them;
 * - `PATCH /me` (a visitor): their own name or email (identified customers' come from the host: `forbidden`).
 * Customers are refused the staff routes (`forbidden`).
 */
export function registerCustomerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/customers/me', async (request): Promise<CustomerResponse> => {
    const user = await ctx.requestAuth.user(request);
    return { customer: await ctx.customers.own(user) };
  });

  app.patch('/api/customers/me', async (request): Promise<CustomerResponse> => {
    const user = await ctx.requestAuth.user(request);
    const patch = parseOrThrow(updateCustomerSchema, request.body, 'body');
    const customer = await ctx.customers.updateSelf(user, patch);
    // A token carrying the new name, for the client to hand its live socket (`auth:renew`).
    return { customer, token: await ctx.tokens.sign({ id: customer.id, role: 'customer', name: customer.name }) };
  });

  app.get('/api/customers/:id', async (request): Promise<CustomerResponse> => {
    await ctx.requestAuth.staff(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    return ctx.customers.profile(id);
  });

  app.patch('/api/customers/:id', async (request): Promise<CustomerResponse> => {
    await ctx.requestAuth.staff(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const patch = parseOrThrow(updateCustomerSchema, request.body, 'body');
    return { customer: await ctx.customers.update(id, patch) };
  });
}
