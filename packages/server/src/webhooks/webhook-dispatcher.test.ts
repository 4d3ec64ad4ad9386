import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/config.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { AttemptResult } from './webhook-sender.js';
import type { ClaimedDelivery } from './webhook-store.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

describe('webhook dispatcher', () => {
  let dir: string;
  let store: SqliteStore;
  let clock: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-dispatcher-'));
    store = new SqliteStore({ dataDir: dir, commit: { mode: 'group', maxBatch: 64, delayMs: 0 } });
    clock = Date.parse('2030-01-01T00:00:00.000Z');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function oneEvent(): Promise<string> {
    const endpoint = await store.webhooks.createEndpoint({
      id: randomUUID(), url: 'https://hooks.example.com/x', secret: 'whsec_0123456789abcdef', events: ['query.created'], includeNotes: false,
      createdAt: new Date(clock).toISOString(),
    });
    const customer = await store.createCustomer({ id: randomUUID(), name: 'C', email: null, externalId: null, resumeKeyHash: null, createdAt: new Date(clock).toISOString() });
    await store.createQuery({
      id: randomUUID(), subject: 'S', customerId: customer.id, createdAt: new Date(clock).toISOString(),
      firstMessage: { id: randomUUID(), clientId: randomUUID(), author: { id: customer.id, role: 'customer', name: 'C' }, body: 'hi' },
    });
    return endpoint.id;
  }

  function dispatcher(send: (d: ClaimedDelivery) => Promise<AttemptResult>, retryHours = 1) {
    return new WebhookDispatcher({
      store: store.webhooks,
      send,
      config: { ...defaultConfig.webhooks, retryHours, firstRetryMs: 60_000, pollMs: 10 },
      log: pino({ level: 'silent' }),
      claimJob: async () => false,
      now: () => new Date(clock),
      random: () => 1,
    });
  }

  const refused: AttemptResult = { ok: false, responseStatus: null, responseBody: null, error: 'connect ECONNREFUSED' };

  it('retries on the backoff schedule while the window lasts, then marks the delivery failed', async () => {
    const endpointId = await oneEvent();
    const attempts: number[] = [];
    const d = dispatcher(async (delivery) => (attempts.push(delivery.attempts), refused));
    d.start();
    // Each time the clock reaches the next attempt, the dispatcher (polling every 10 ms) makes it.
    for (let i = 0; i < 20; i++) {
      const [delivery] = (await store.webhooks.listDeliveries(endpointId, { limit: 1 })).deliveries;
      if (delivery?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 30));
      await d.idle();
      const [after] = (await store.webhooks.listDeliveries(endpointId, { limit: 1 })).deliveries;
      if (after?.nextAttemptAt) clock = Date.parse(after.nextAttemptAt);
    }
    await d.stop();
    const [delivery] = (await store.webhooks.listDeliveries(endpointId, { limit: 1 })).deliveries;
    // Attempts at 0, 60, 180, 420, 900 and 1860 s; the next, 1920 s later, would fall past the hour.
    expect(attempts).toEqual([0, 1, 2, 3, 4, 5]);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 6, nextAttemptAt: null, error: 'connect ECONNREFUSED' });
  });

  it('stop waits for the attempt in flight and records it', async () => {
    const endpointId = await oneEvent();
    let answer!: (r: AttemptResult) => void;
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const d = dispatcher(() => (started(), new Promise((resolve) => (answer = resolve))));
    d.start();
    await inFlight;
    const stopped = d.stop();
    answer({ ok: true, responseStatus: 204, responseBody: '', error: null });
    await stopped;
    const [delivery] = (await store.webhooks.listDeliveries(endpointId, { limit: 1 })).deliveries;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 204 });
  });

  it('the nudges of a busy moment share one claim, made soon after the first', async () => {
    let claims = 0;
    const counted = Object.create(store.webhooks) as typeof store.webhooks;
    counted.claimDue = (now, options) => ((claims += 1), store.webhooks.claimDue(now, options));
    const sent: string[] = [];
    const d = new WebhookDispatcher({
      store: counted,
      send: async (delivery) => (sent.push(delivery.id), { ok: true, responseStatus: 204, responseBody: '', error: null }),
      config: { ...defaultConfig.webhooks, pollMs: 60_000 },
      log: pino({ level: 'silent' }),
      claimJob: async () => false,
      now: () => new Date(clock),
    });
    d.start();
    await expect.poll(() => claims).toBe(1);
    await d.idle();
    await oneEvent();
    // Ten events a few milliseconds apart, as a busy node writes them.
    for (let i = 0; i < 10; i++) {
      d.nudge();
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await expect.poll(() => sent.length).toBe(1);
    await d.idle();
    expect(claims).toBe(2);
    await d.stop();
  });
});
