/** Zod schemas of the webhook routes' requests (webhooks.ts has the rest of the contract). */
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './webhooks.js';

const webhookUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must not carry a user name or password');
const eventsSchema = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);
/** A secret an admin brings (e.g. to share one between systems); otherwise Parley makes one. */
const secretSchema = z.string().min(16).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const createWebhookSchema = z.strictObject({
  url: webhookUrlSchema,
  events: eventsSchema,
  includeNotes: z.boolean().optional(),
  secret: secretSchema.optional(),
});
export type CreateWebhookRequest = z.input<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({
    url: webhookUrlSchema,
    events: eventsSchema,
    includeNotes: z.boolean(),
    active: z.boolean(),
    /** Replace the secret by a new one Parley makes (returned once in the answer). */
    rotateSecret: z.literal(true),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateWebhookRequest = z.input<typeof updateWebhookSchema>;

export const webhookDeliveriesQuerySchema = z.strictObject({
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type WebhookDeliveriesQuery = z.input<typeof webhookDeliveriesQuerySchema>;

export const webhookDeliveryParamsSchema = z.strictObject({ id: z.uuid(), deliveryId: z.uuid() });
