/**
 * Webhooks in the PostgreSQL store (migration 3): endpoints, the outbox and
 * deliveries. {@link PostgresWebhooks.record} is called by the other parts of
 * the store inside the transaction of each change.
 *
 * Claims are shared by every node: a claim locks the active endpoints it
 * serves (`FOR NO KEY UPDATE SKIP LOCKED` — another node claiming at the same
 * moment takes the endpoints left, and an append inserting a delivery, which
 * only needs a key-share lock on its endpoint, is never held up), counts the
 * leases still running for them, and leases due deliveries up to the
 * per-endpoint limit. A delivery is therefore sent by one node at a time.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookDelivery, WebhookEndpoint } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { type EventDraft, outboxRows, type Subscriber } from '../../webhooks/webhook-events.js';
import type {
  AttemptOutcome, ClaimedDelivery, ClaimOptions, DeliveryPage, NewWebhookEndpoint, WebhookEndpointPatch, WebhookStore,
} from '../../webhooks/webhook-store.js';
import { decodeCursor, encodeCursor } from '../rows.js';
import {
  deliverySelect, type DueDeliveryRow, dueSelect, endpointEvents, pickClaimable, toClaimedDelivery, toWebhookDelivery,
  toWebhookEndpoint, type WebhookDeliveryRow, type WebhookEndpointRow,
} from '../webhook-rows.js';
import type { PostgresDatabase, Queryable } from './postgres-database.js';

export class PostgresWebhooks implements WebhookStore {
  constructor(private readonly database: PostgresDatabase) {}

  /**
   * Writes the outbox rows of `drafts` for the endpoints active now, on `client`, inside the transaction of
   * the change that produced them. Costs one small read when no endpoint is active.
   */
  async record(client: Queryable, drafts: readonly EventDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const { rows } = await client.query<Pick<WebhookEndpointRow, 'id' | 'events' | 'include_notes'>>(
      'SELECT id, events, include_notes FROM webhook_endpoints WHERE active',
    );
    if (rows.length === 0) return;
    const subscribers: Subscriber[] = rows.map((r) => ({ id: r.id, events: endpointEvents(r), includeNotes: Boolean(r.include_notes) }));
    const { events, deliveries } = outboxRows(drafts, subscribers);
    if (events.length === 0) return;
    await client.query(
      'INSERT INTO webhook_events (id, type, payload, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])',
      [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.payload), events.map((e) => e.createdAt)],
    );
    await client.query(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at)
       SELECT id, event_id, endpoint_id, 'pending', created_at, created_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS v (id, event_id, endpoint_id, created_at)`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.eventId), deliveries.map((d) => d.endpointId), deliveries.map((d) => d.createdAt)],
    );
  }

  async createEndpoint(e: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const [row] = await this.database.query<WebhookEndpointRow>(
      `INSERT INTO webhook_endpoints (id, url, secret, events, include_notes, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, true, $6, $6) RETURNING *`,
      [e.id, e.url, e.secret, e.events, e.includeNotes, e.createdAt],
    );
    return toWebhookEndpoint(row!);
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const rows = await this.database.query<WebhookEndpointRow>('SELECT * FROM webhook_endpoints ORDER BY created_at, id');
    return rows.map(toWebhookEndpoint);
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const [row] = await this.database.query<WebhookEndpointRow>('SELECT * FROM webhook_endpoints WHERE id = $1', [id]);
    return row ? toWebhookEndpoint(row) : null;
  }

  async updateEndpoint(id: string, patch: WebhookEndpointPatch, at: string): Promise<WebhookEndpoint | null> {
    const [row] = await this.database.query<WebhookEndpointRow>(
      `UPDATE webhook_endpoints SET url = COALESCE($2, url), secret = COALESCE($3, secret), events = COALESCE($4, events),
         include_notes = COALESCE($5, include_notes), active = COALESCE($6, active), updated_at = $7
       WHERE id = $1 RETURNING *`,
      [id, patch.url ?? null, patch.secret ?? null, patch.events ?? null, patch.includeNotes ?? null, patch.active ?? null, at],
    );
    return row ? toWebhookEndpoint(row) : null;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    // Its deliveries go with it (ON DELETE CASCADE).
    const rows = await this.database.query('DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  async listDeliveries(endpointId: string, page: { limit: number; cursor?: string }): Promise<DeliveryPage> {
    const values: unknown[] = [endpointId];
    let after = '';
    if (page.cursor !== undefined) {
      const cursor = decodeCursor(page.cursor);
      if (!cursor || Number.isNaN(Date.parse(cursor[0]))) throw new AppError('invalid_payload', 'invalid cursor');
      after = 'AND (d.created_at, d.id) < ($2::timestamptz, $3)';
      values.push(cursor[0], cursor[1]);
    }
    values.push(page.limit + 1);
    const rows = await this.database.query<WebhookDeliveryRow>(
      `${deliverySelect} WHERE d.endpoint_id = $1 ${after} ORDER BY d.created_at DESC, d.id DESC LIMIT $${values.length}`,
      values,
    );
    const deliveries = rows.slice(0, page.limit).map(toWebhookDelivery);
    const last = deliveries.at(-1);
    return { deliveries, nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async redeliver(endpointId: string, deliveryId: string, at: string): Promise<WebhookDelivery | null> {
    const updated = await this.database.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, retry_until = $3, lease_id = NULL, lease_until = NULL
       WHERE id = $1 AND endpoint_id = $2 RETURNING id`,
      [deliveryId, endpointId, at],
    );
    if (updated.length === 0) return null;
    const [row] = await this.database.query<WebhookDeliveryRow>(`${deliverySelect} WHERE d.id = $1`, [deliveryId]);
    return row ? toWebhookDelivery(row) : null;
  }

  async claimDue(now: string, options: ClaimOptions): Promise<ClaimedDelivery[]> {
    return this.database.transaction(async (client) => {
      const { rows: endpoints } = await client.query<{ id: string }>(
        'SELECT id FROM webhook_endpoints WHERE active ORDER BY id FOR NO KEY UPDATE SKIP LOCKED',
      );
      if (endpoints.length === 0) return [];
      const ids = endpoints.map((e) => e.id);
      const { rows: busyRows } = await client.query<{ endpoint_id: string; n: number }>(
        `SELECT endpoint_id, COUNT(*)::int AS n FROM webhook_deliveries
         WHERE status = 'pending' AND lease_until > $1 AND endpoint_id = ANY($2::text[]) GROUP BY endpoint_id`,
        [now, ids],
      );
      const { rows: due } = await client.query<DueDeliveryRow>(
        `${dueSelect} WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
           AND d.endpoint_id = ANY($2::text[]) ORDER BY d.next_attempt_at, d.id LIMIT $3`,
        [now, ids, options.limit * 4],
      );
      const picked = pickClaimable(due, new Map(busyRows.map((r) => [r.endpoint_id, r.n])), options.perEndpoint, options.limit);
      if (picked.length === 0) return [];
      const leases = picked.map(() => randomUUID());
      await client.query(
        `UPDATE webhook_deliveries d SET lease_id = v.lease_id, lease_until = $3
         FROM unnest($1::text[], $2::text[]) AS v (id, lease_id) WHERE d.id = v.id`,
        [picked.map((r) => r.id), leases, new Date(Date.parse(now) + options.leaseMs).toISOString()],
      );
      return picked.map((row, i) => toClaimedDelivery(row, leases[i]!));
    });
  }

  async finishAttempt(deliveryId: string, leaseId: string, o: AttemptOutcome): Promise<boolean> {
    const rows = await this.database.query(
      `UPDATE webhook_deliveries SET status = $3, attempts = attempts + 1, next_attempt_at = $4, last_attempt_at = $5,
         response_status = $6, response_body = $7, error = $8, lease_id = NULL, lease_until = NULL
       WHERE id = $1 AND lease_id = $2 RETURNING id`,
      [
        deliveryId, leaseId, o.status === 'retry' ? 'pending' : o.status, o.status === 'retry' ? (o.nextAttemptAt ?? o.at) : null, o.at,
        o.responseStatus, o.responseBody, o.error,
      ],
    );
    return rows.length > 0;
  }

  async prune(before: string): Promise<number> {
    return this.database.transaction(async (client) => {
      const deleted = await client.query("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1", [before]);
      await client.query(
        'DELETE FROM webhook_events e WHERE e.created_at < $1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)',
        [before],
      );
      return deleted.rowCount ?? 0;
    });
  }
}
