/**
 * Row shapes of the webhook tables in both stores and their mapping to the
 * protocol's entities (the same differences as rows.ts: SQLite's 0/1 and JSON
 * text where PostgreSQL has booleans and a text[]).
 */
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '@parley/protocol';
import type { DbBoolean } from './rows.js';
import type { ClaimedDelivery } from '../webhooks/webhook-store.js';

export interface WebhookEndpointRow {
  id: string;
  url: string;
  secret: string;
  /** JSON text (SQLite) or text[] (PostgreSQL). */
  events: string | string[];
  include_notes: DbBoolean;
  active: DbBoolean;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  event_type: WebhookEventType;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  created_at: string;
}

/** A due delivery joined with its endpoint and event, as a claim reads it. */
export interface DueDeliveryRow {
  id: string;
  endpoint_id: string;
  url: string;
  secret: string;
  event_id: string;
  event_type: WebhookEventType;
  payload: string;
  attempts: number;
  retry_until: string | null;
  created_at: string;
}

/** Columns of a delivery as listed, joined with its event's type (`d` deliveries, `e` events). */
export const deliverySelect = `SELECT d.id, d.event_id, d.endpoint_id, e.type AS event_type, d.status, d.attempts, d.next_attempt_at,
  d.last_attempt_at, d.response_status, d.response_body, d.error, d.created_at
  FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id`;

/** Columns of a due delivery with what sending it needs. */
export const dueSelect = `SELECT d.id, d.endpoint_id, w.url, w.secret, d.event_id, e.type AS event_type, e.payload, d.attempts,
  d.retry_until, d.created_at
  FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id`;

export function endpointEvents(row: Pick<WebhookEndpointRow, 'events'>): WebhookEventType[] {
  return (typeof row.events === 'string' ? JSON.parse(row.events) : row.events) as WebhookEventType[];
}

export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: endpointEvents(row),
    includeNotes: Boolean(row.include_notes),
    active: Boolean(row.active),
    secretHint: row.secret.slice(-4),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    error: row.error,
    createdAt: row.created_at,
  };
}

export function toClaimedDelivery(row: DueDeliveryRow, leaseId: string): ClaimedDelivery {
  return {
    id: row.id,
    leaseId,
    endpointId: row.endpoint_id,
    url: row.url,
    secret: row.secret,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    attempts: row.attempts,
    retryUntil: row.retry_until,
    createdAt: row.created_at,
  };
}

/**
 * Picks, from due deliveries oldest first, those a claim may take: at most `perEndpoint` in flight per endpoint,
 * counting `busy` (leases held already), and `limit` in all.
 */
export function pickClaimable<T extends { endpoint_id: string }>(
  due: readonly T[],
  busy: ReadonlyMap<string, number>,
  perEndpoint: number,
  limit: number,
): T[] {
  const taken = new Map(busy);
  const picked: T[] = [];
  for (const row of due) {
    if (picked.length >= limit) break;
    const n = taken.get(row.endpoint_id) ?? 0;
    if (n >= perEndpoint) continue;
    taken.set(row.endpoint_id, n + 1);
    picked.push(row);
  }
  return picked;
}
