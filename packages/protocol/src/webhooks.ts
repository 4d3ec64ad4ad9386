/**
 * The webhook contract: what admins register (`/api/webhooks`), what Parley
 * POSTs to them, and how a receiver checks a delivery came from Parley. The
 * request schemas are in webhook-schemas.ts (kept apart so that a client using
 * only these types and routes does not bundle zod).
 * docs/protocol.md ("Webhooks") describes the same with examples.
 */
import type { Message, Query, Rating } from './entities.js';

/** Every event a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'query.created',
  'query.assigned',
  'query.resolved',
  'query.reopened',
  'message.created',
  'rating.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each event carries in `data`. */
export interface WebhookEventData {
  'query.created': { query: Query; message: Message };
  /** Also sent on a transfer; `previousAssigneeId` is null when the query was unassigned. */
  'query.assigned': { query: Query; previousAssigneeId: string | null };
  'query.resolved': { query: Query };
  /** By an agent's status change, or by a customer's message on a resolved query (then `message` is it). */
  'query.reopened': { query: Query; message?: Message };
  /** Public messages; internal notes only to endpoints registered with `includeNotes`. */
  'message.created': { query: Query; message: Message };
  'rating.created': { query: Query; rating: Rating };
}

/**
 * The JSON body of every delivery. `id` is the event's: a delivery may come more than once (at least once),
 * so receivers dedupe by it.
 */
export type WebhookEventBody = {
  [T in WebhookEventType]: { id: string; type: T; createdAt: string; data: WebhookEventData[T] };
}[WebhookEventType];

/** HTTP headers of a delivery. */
export const WebhookHeaders = {
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's secret>`. */
  signature: 'parley-signature',
  eventId: 'parley-event-id',
  eventType: 'parley-event-type',
  deliveryId: 'parley-delivery-id',
} as const;

/** An endpoint as admins see it. The secret is shown once, in the answer that created or rotated it. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** Internal notes are sent as `message.created` too. */
  includeNotes: boolean;
  /** A paused endpoint gets no new events (nothing is queued for it while paused). */
  active: boolean;
  /** The secret's last four characters, to tell secrets apart. */
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event sent (or to be sent) to one endpoint, with its latest attempt. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending deliveries). */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  /** HTTP status of the last answer; null when there was none (timeout, refused, DNS). */
  responseStatus: number | null;
  /** The start of the last answer's body (at most 1 KB). */
  responseBody: string | null;
  /** Why the last attempt failed without an HTTP answer. */
  error: string | null;
  createdAt: string;
}

export interface WebhookListResponse {
  webhooks: WebhookEndpoint[];
}

export interface WebhookResponse {
  webhook: WebhookEndpoint;
  /** Only when the secret was just made or rotated: keep it, it is not shown again. */
  secret?: string;
}

export interface WebhookDeliveryListResponse {
  deliveries: WebhookDelivery[];
  nextCursor: string | null;
}

export interface WebhookDeliveryResponse {
  delivery: WebhookDelivery;
}

/** Paths of the webhook routes (admins only). */
export const WebhookRoutes = {
  webhooks: '/api/webhooks',
  webhook: (id: string) => `/api/webhooks/${encodeURIComponent(id)}`,
  deliveries: (id: string) => `/api/webhooks/${encodeURIComponent(id)}/deliveries`,
  redeliver: (id: string, deliveryId: string) =>
    `/api/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
} as const;
