import { idParamsSchema, createWebhookSchema, updateWebhookSchema, webhookDeliveriesQuerySchema, webhookDeliveryParamsSchema, WebhookRoutes } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseOrThrow } from '../http/validate.js';

/** /api/webhooks: admins only (staff who are not admins and customers are refused `forbidden`). */
export function registerWebhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const webhooks = ctx.webhooks;

  app.get(WebhookRoutes.webhooks, async (request) => {
    await ctx.requestAuth.admin(request);
    return { webhooks: await webhooks.list() };
  });

  app.post(WebhookRoutes.webhooks, async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const input = parseOrThrow(createWebhookSchema, request.body, 'body');
    return reply.status(201).send(await webhooks.create(input));
  });

  app.patch('/api/webhooks/:id', async (request) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    return webhooks.update(id, parseOrThrow(updateWebhookSchema, request.body, 'body'));
  });

  app.delete('/api/webhooks/:id', async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    await webhooks.delete(id);
    return reply.status(204).send();
  });

  app.get('/api/webhooks/:id/deliveries', async (request) => {
    await ctx.requestAuth.admin(request);
    const { id } = parseOrThrow(idParamsSchema, request.params, 'path');
    const page = parseOrThrow(webhookDeliveriesQuerySchema, request.query, 'query');
    return webhooks.deliveries(id, page);
  });

  app.post('/api/webhooks/:id/deliveries/:deliveryId/redeliver', async (request, reply) => {
    await ctx.requestAuth.admin(request);
    const { id, deliveryId } = parseOrThrow(webhookDeliveryParamsSchema, request.params, 'path');
    return reply.status(202).send({ delivery: await webhooks.redeliver(id, deliveryId) });
  });
}
