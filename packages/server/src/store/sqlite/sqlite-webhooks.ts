/**
 * Webhooks in the embedded SQLite database (migration 7): endpoints, the
 * outbox and deliveries. {@link SqliteWebhooks.record} is called by the other
 * parts of the store inside the transaction of each change; the rest is the
 * WebhookStore the service and the dispatcher use. One process owns a SQLite
 * database, so a claim is simply a transaction.
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
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteWebhooks implements WebhookStore {
  constructor(private readonly database: SqliteDatabase) {}

  /**
   * Writes the outbox rows of `drafts` for the endpoints active now. Call inside the transaction of the
   * change that produced them.
   */
  record(drafts: readonly EventDraft[]): void {
    if (drafts.length === 0) return;
    const rows = this.database.sql('SELECT id, events, include_notes FROM webhook_endpoints WHERE active = 1').all() as unknown as
      Array<Pick<WebhookEndpointRow, 'id' | 'events' | 'include_notes'>>;
    if (rows.length === 0) return;
    const subscribers: Subscriber[] = rows.map((r) => ({ id: r.id, events: endpointEvents(r), includeNotes: Boolean(r.include_notes) }));
    const { events, deliveries } = outboxRows(drafts, subscribers);
    const insertEvent = this.database.sql('INSERT INTO webhook_events (id, type, payload, created_at) VALUES (?, ?, ?, ?)');
    for (const e of events) insertEvent.run(e.id, e.type, e.payload, e.createdAt);
    const insertDelivery = this.database.sql(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)`,
    );
    for (const d of deliveries) insertDelivery.run(d.id, d.eventId, d.endpointId, d.createdAt, d.createdAt);
  }

  async createEndpoint(e: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    this.database.assertOpen();
    this.database
      .sql(
        `INSERT INTO webhook_endpoints (id, url, secret, events, include_notes, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(e.id, e.url, e.secret, JSON.stringify(e.events), e.includeNotes ? 1 : 0, e.createdAt, e.createdAt);
    return (await this.getEndpoint(e.id))!;
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    this.database.assertOpen();
    const rows = this.database.sql('SELECT * FROM webhook_endpoints ORDER BY created_at, id').all() as unknown as WebhookEndpointRow[];
    return rows.map(toWebhookEndpoint);
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as WebhookEndpointRow | undefined;
    return row ? toWebhookEndpoint(row) : null;
  }

  async updateEndpoint(id: string, patch: WebhookEndpointPatch, at: string): Promise<WebhookEndpoint | null> {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM webhook_endpoints WHERE id = ?').get(id) as WebhookEndpointRow | undefined;
    if (!row) return null;
    this.database
      .sql('UPDATE webhook_endpoints SET url = ?, secret = ?, events = ?, include_notes = ?, active = ?, updated_at = ? WHERE id = ?')
      .run(
        patch.url ?? row.url,
        patch.secret ?? row.secret,
        patch.events ? JSON.stringify(patch.events) : (row.events as string),
        patch.includeNotes === undefined ? Number(row.include_notes) : patch.includeNotes ? 1 : 0,
        patch.active === undefined ? Number(row.active) : patch.active ? 1 : 0,
        at,
        id,
      );
    return this.getEndpoint(id);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    this.database.assertOpen();
    let deleted = false;
    this.database.transaction(() => {
      this.database.sql('DELETE FROM webhook_deliveries WHERE endpoint_id = ?').run(id);
      deleted = Number(this.database.sql('DELETE FROM webhook_endpoints WHERE id = ?').run(id).changes) > 0;
    });
    return deleted;
  }

  async listDeliveries(endpointId: string, page: { limit: number; cursor?: string }): Promise<DeliveryPage> {
    this.database.assertOpen();
    const values: Array<string | number> = [endpointId];
    let after = '';
    if (page.cursor !== undefined) {
      const cursor = decodeCursor(page.cursor);
      if (!cursor) throw new AppError('invalid_payload', 'invalid cursor');
      after = 'AND (d.created_at < ? OR (d.created_at = ? AND d.id < ?))';
      values.push(cursor[0], cursor[0], cursor[1]);
    }
    const rows = this.database
      .sql(`${deliverySelect} WHERE d.endpoint_id = ? ${after} ORDER BY d.created_at DESC, d.id DESC LIMIT ?`)
      .all(...values, page.limit + 1) as unknown as WebhookDeliveryRow[];
    const deliveries = rows.slice(0, page.limit).map(toWebhookDelivery);
    const last = deliveries.at(-1);
    return { deliveries, nextCursor: rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async redeliver(endpointId: string, deliveryId: string, at: string): Promise<WebhookDelivery | null> {
    this.database.assertOpen();
    const changed = this.database
      .sql(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, retry_until = ?, lease_id = NULL, lease_until = NULL
         WHERE id = ? AND endpoint_id = ?`,
      )
      .run(at, at, deliveryId, endpointId);
    if (Number(changed.changes) === 0) return null;
    const row = this.database.sql(`${deliverySelect} WHERE d.id = ?`).get(deliveryId) as WebhookDeliveryRow | undefined;
    return row ? toWebhookDelivery(row) : null;
  }

  async claimDue(now: string, options: ClaimOptions): Promise<ClaimedDelivery[]> {
    this.database.assertOpen();
    const claimed: ClaimedDelivery[] = [];
    this.database.transaction(() => {
      const busyRows = this.database
        .sql(
          `SELECT endpoint_id, COUNT(*) AS n FROM webhook_deliveries
           WHERE status = 'pending' AND lease_until IS NOT NULL AND lease_until > ? GROUP BY endpoint_id`,
        )
        .all(now) as Array<{ endpoint_id: string; n: number }>;
      const busy = new Map(busyRows.map((r) => [r.endpoint_id, r.n]));
      // A few times the limit, so one endpoint at its cap does not hide the others' due deliveries.
      const due = this.database
        .sql(
          `${dueSelect} WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
           AND w.active = 1 ORDER BY d.next_attempt_at, d.id LIMIT ?`,
        )
        .all(now, now, options.limit * 4) as unknown as DueDeliveryRow[];
      const leaseUntil = new Date(Date.parse(now) + options.leaseMs).toISOString();
      const lease = this.database.sql('UPDATE webhook_deliveries SET lease_id = ?, lease_until = ? WHERE id = ?');
      for (const row of pickClaimable(due, busy, options.perEndpoint, options.limit)) {
        const leaseId = randomUUID();
        lease.run(leaseId, leaseUntil, row.id);
        claimed.push(toClaimedDelivery(row, leaseId));
      }
    });
    return claimed;
  }

  async finishAttempt(deliveryId: string, leaseId: string, o: AttemptOutcome): Promise<boolean> {
    this.database.assertOpen();
    const result = this.database
      .sql(
        `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_attempt_at = ?,
           response_status = ?, response_body = ?, error = ?, lease_id = NULL, lease_until = NULL
         WHERE id = ? AND lease_id = ?`,
      )
      .run(
        o.status === 'retry' ? 'pending' : o.status, o.status === 'retry' ? (o.nextAttemptAt ?? o.at) : null, o.at,
        o.responseStatus, o.responseBody, o.error, deliveryId, leaseId,
      );
    return Number(result.changes) > 0;
  }

  async prune(before: string): Promise<number> {
    this.database.assertOpen();
    let deleted = 0;
    this.database.transaction(() => {
      deleted = Number(
        this.database.sql("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?").run(before).changes,
      );
      this.database
        .sql('DELETE FROM webhook_events WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)')
        .run(before);
    });
    return deleted;
  }
}
