/**
 * Sends what the outbox holds, off the request path. Every node runs one:
 * it claims due deliveries from the store (a lease, so each is sent by one
 * node at a time and at most `concurrencyPerEndpoint` per endpoint across the
 * cluster), POSTs them, and records each outcome — success, a retry at the
 * backoff's next time, or failed once the retry window is spent. A node that
 * dies mid-attempt lets its leases lapse and another node sends again: at
 * least once overall, and receivers dedupe by event id.
 *
 * It wakes every `pollMs` (events written by other nodes, retries falling
 * due) and soon after this node wrote an event ({@link nudge}: within
 * {@link NUDGE_MS}, so the events of a busy second share a claim instead of
 * each costing one — with the embedded store, a round trip to its thread); a
 * chat message never waits for it.
 */
import type { Logger } from 'pino';
import type { WebhookConfig } from '../config/config.js';
import { nextAttemptAt } from './retry-schedule.js';
import type { AttemptResult, SendWebhook } from './webhook-sender.js';
import type { ClaimedDelivery, WebhookStore } from './webhook-store.js';

/** A claim outlives the slowest attempt by this much, so a live node's lease never lapses under it. */
const LEASE_MARGIN_MS = 30_000;
/** Deliveries one node has in flight at most. */
const MAX_IN_FLIGHT = 32;
/** A nudge wakes the dispatcher at most this long after it; every nudge in between rides on that wake. */
export const NUDGE_MS = 50;
/** Pruning runs at most this often per cluster. */
export const PRUNE_INTERVAL_MS = 60 * 60_000;

export interface DispatcherDeps {
  store: WebhookStore;
  send: SendWebhook;
  config: WebhookConfig;
  log: Logger;
  /** True for one node per interval (store.jobs.claim), so pruning runs once per cluster. */
  claimJob: (job: string, intervalMs: number) => Promise<boolean>;
  now?: () => Date;
  random?: () => number;
}

export class WebhookDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #now: () => Date;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  /** A wake within NUDGE_MS is scheduled. */
  #nudged = false;
  #stopped = true;
  #lastPruneOffer = 0;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops claiming and waits for the attempts in flight (their outcomes are recorded). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Something may be due now (this node just wrote an event, or an admin asked for a redelivery). */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else if (!this.#nudged) {
      this.#nudged = true;
      this.#schedule(NUDGE_MS);
    }
  }

  /** Resolves once nothing is in flight (tests). */
  async idle(): Promise<void> {
    while (this.#running || this.#inFlight.size > 0) {
      await Promise.allSettled([...this.#inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#stopped || this.#running) return;
    this.#running = true;
    this.#nudged = false;
    try {
      this.#again = false;
      await this.#claimAndSend();
      await this.#prune();
    } catch (error) {
      // The store is away (PostgreSQL down): nothing is lost, the outbox is still there at the next poll.
      this.#deps.log.warn({ err: error }, 'webhook dispatcher: could not claim deliveries');
    } finally {
      this.#running = false;
      // Nudged meanwhile: claim again soon (not at once: the nudges of the next NUDGE_MS share that claim).
      this.#nudged = this.#again;
      if (!this.#stopped) this.#schedule(this.#again ? NUDGE_MS : this.#deps.config.pollMs);
    }
  }

  async #claimAndSend(): Promise<void> {
    const room = MAX_IN_FLIGHT - this.#inFlight.size;
    if (room <= 0) return;
    const { config } = this.#deps;
    const claimed = await this.#deps.store.claimDue(this.#now().toISOString(), {
      limit: room,
      perEndpoint: config.concurrencyPerEndpoint,
      leaseMs: config.timeoutMs + LEASE_MARGIN_MS,
    });
    for (const delivery of claimed) {
      const attempt = this.#attempt(delivery).finally(() => {
        this.#inFlight.delete(attempt);
        // A slot is free: the endpoint may have more waiting.
        this.nudge();
      });
      this.#inFlight.add(attempt);
    }
  }

  async #attempt(delivery: ClaimedDelivery): Promise<void> {
    let result: AttemptResult;
    try {
      result = await this.#deps.send(delivery);
    } catch (error) {
      result = { ok: false, responseStatus: null, responseBody: null, error: error instanceof Error ? error.message : String(error) };
    }
    const at = this.#now();
    const deadline = delivery.retryUntil
      ? new Date(delivery.retryUntil)
      : new Date(Date.parse(delivery.createdAt) + this.#deps.config.retryHours * 3_600_000);
    const next = result.ok
      ? null
      : nextAttemptAt({
          attempts: delivery.attempts + 1, at, deadline, firstRetryMs: this.#deps.config.firstRetryMs,
          ...(this.#deps.random ? { random: this.#deps.random } : {}),
        });
    const status = result.ok ? 'succeeded' : next ? 'retry' : 'failed';
    try {
      await this.#deps.store.finishAttempt(delivery.id, delivery.leaseId, {
        at: at.toISOString(),
        status,
        ...(next ? { nextAttemptAt: next.toISOString() } : {}),
        responseStatus: result.responseStatus,
        responseBody: result.responseBody,
        error: result.error,
      });
    } catch (error) {
      // Unrecorded: the lease lapses and the delivery is sent again (at least once).
      this.#deps.log.warn({ err: error, deliveryId: delivery.id }, 'webhook dispatcher: could not record an attempt');
    }
    if (status !== 'succeeded') {
      this.#deps.log.info(
        { deliveryId: delivery.id, endpointId: delivery.endpointId, status: result.responseStatus, error: result.error, outcome: status },
        'webhook delivery attempt failed',
      );
    }
  }

  async #prune(): Promise<void> {
    const { config } = this.#deps;
    // Offered to the cluster every tenth of the interval, not at every poll (a claim is a write).
    if (this.#now().getTime() - this.#lastPruneOffer < PRUNE_INTERVAL_MS / 10) return;
    this.#lastPruneOffer = this.#now().getTime();
    if (!(await this.#deps.claimJob('webhooks.prune', PRUNE_INTERVAL_MS))) return;
    const before = new Date(this.#now().getTime() - config.retentionDays * 86_400_000).toISOString();
    const deleted = await this.#deps.store.prune(before);
    if (deleted > 0) this.#deps.log.info({ deleted }, 'webhook deliveries pruned');
  }
}
