/**
 * The victim — everyone else — as the abuse scenario measures it, from the
 * bench process (the attacker has a process of its own, so its work never
 * delays these timers):
 * - `count` customers, each at an address of its own (as real customers are;
 *   `${prefix}1`, `${prefix}2`…) with its own query, joined, taking turns to
 *   send one acked message every `intervalMs`. They take turns because one
 *   customer may store 60 messages a minute (CUSTOMER_MESSAGES_PER_MINUTE) and
 *   one address 600 (CUSTOMER_MESSAGES_PER_MINUTE_PER_IP): 20 customers at one
 *   message every 100 ms each send 30 a minute;
 * - a `GET /healthz` every `healthzIntervalMs`, on a keep-alive connection.
 * Both are open loops: a request leaves at its scheduled time whether or not
 * earlier ones were answered, and latency runs from the scheduled time to the
 * answer, so a stalled server cannot hide its stall.
 */
// The clientIds Parley's SDK makes (UUIDv7), which the server's idempotency index is laid out for.
import { newClientId } from '@parley/client';
import { RestRoutes } from '@parley/protocol';
import { mapLimit, waitUntil } from '../load/concurrency.ts';
import type { BenchConnection } from '../load/connection.ts';
import { REQUEST_TIMEOUT_MS } from '../load/connection.ts';
import { stampedBody } from '../load/message-body.ts';
import { LatencyRecorder, type LatencySummary } from '../metrics/latency-histogram.ts';
import { connectCustomerFrom, forwardedFor, openQuery, signInVisitor } from './client-identity.ts';

/** How often the dispatcher wakes to send what is due. */
const TICK_MS = 2;

/** What the victim saw in one window. */
export interface VictimWindow {
  seconds: number;
  /** Message send (scheduled time) → ack, for acks that said ok. */
  ack: LatencySummary;
  sent: number;
  acked: number;
  /** Sends refused (by error code) or unanswered. */
  errors: Record<string, number>;
  /** `GET /healthz` scheduled time → answer. */
  healthz: LatencySummary;
  healthzErrors: number;
}

interface VictimCustomer {
  queryId: string;
  socket: BenchConnection;
}

export interface VictimOptions {
  url: string;
  /** The first three octets and a dot, e.g. `198.51.100.`: customer i is at `${prefix}${i + 1}`. */
  addressPrefix: string;
  count: number;
  intervalMs: number;
  healthzIntervalMs: number;
}

export class Victim {
  readonly #options: VictimOptions;
  readonly #customers: VictimCustomer[];
  /** Victim sockets the server closed: there should be none. */
  drops = 0;

  private constructor(options: VictimOptions, customers: VictimCustomer[]) {
    this.#options = options;
    this.#customers = customers;
    for (const customer of customers) customer.socket.onClose(() => this.drops++);
  }

  /** Signs the victim customers in, opens their queries, connects and joins them. */
  static async start(options: VictimOptions): Promise<Victim> {
    const { url, addressPrefix } = options;
    const customers = await mapLimit(Array.from({ length: options.count }), 8, async (_, i): Promise<VictimCustomer> => {
      const address = `${addressPrefix}${i + 1}`;
      const token = await signInVisitor(url, address, `Victim ${i}`);
      const queryId = await openQuery(url, address, token, `Victim ${i}`, 'Hello, I need help.');
      const socket = await connectCustomerFrom(url, address, token);
      const joined = (await socket.request('query:join', { queryId })) as { ok?: boolean };
      if (joined?.ok !== true) throw new Error(`victim ${i}: query:join refused ${JSON.stringify(joined)}`);
      return { queryId, socket };
    });
    return new Victim(options, customers);
  }

  /**
   * Sends and polls for `seconds`, then waits for every answer, and reports the window. `atEnd` runs as soon as
   * the last request is scheduled, before the trailing answers arrive (the scenario stops its attacker there).
   */
  async measure(seconds: number, atEnd?: () => void): Promise<VictimWindow> {
    const { url, addressPrefix, intervalMs, healthzIntervalMs } = this.#options;
    const address = `${addressPrefix}1`;
    const ack = new LatencyRecorder();
    const healthz = new LatencyRecorder();
    const errors: Record<string, number> = {};
    const fail = (kind: string) => (errors[kind] = (errors[kind] ?? 0) + 1);
    let sent = 0;
    let acked = 0;
    let settled = 0;
    let polled = 0;
    let answered = 0;
    let healthzErrors = 0;
    const start = performance.now() + TICK_MS;
    const end = start + seconds * 1000;

    const send = (scheduledAt: number) => {
      const customer = this.#customers[sent % this.#customers.length]!;
      sent++;
      customer.socket
        .request('message:send', { queryId: customer.queryId, clientId: newClientId(), body: stampedBody(scheduledAt) })
        .then(
          (response) => {
            const { ok, error } = (response ?? {}) as { ok?: boolean; error?: { code?: string } };
            if (ok === true) {
              acked++;
              ack.record(performance.now() - scheduledAt);
            } else {
              fail(error?.code ?? 'refused without a code');
            }
          },
          () => fail('unanswered'),
        )
        .finally(() => settled++);
    };
    const poll = (scheduledAt: number) => {
      polled++;
      fetch(url + RestRoutes.healthz, { headers: forwardedFor(address), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.ok) healthz.record(performance.now() - scheduledAt);
          else healthzErrors++;
        })
        .catch(() => healthzErrors++)
        .finally(() => answered++);
    };

    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        for (let due = start + sent * intervalMs; due <= now && due < end; due = start + sent * intervalMs) send(due);
        for (let due = start + polled * healthzIntervalMs; due <= now && due < end; due = start + polled * healthzIntervalMs) poll(due);
        if (now >= end) {
          clearInterval(timer);
          atEnd?.();
          resolve();
        }
      }, TICK_MS);
    });
    // Answers that trail the window still belong to it: a slow ack is the point.
    await waitUntil(() => settled >= sent && answered >= polled, REQUEST_TIMEOUT_MS + 5000);
    return { seconds, ack: ack.summary(), sent, acked, errors, healthz: healthz.summary(), healthzErrors };
  }

  close(): void {
    for (const customer of this.#customers) customer.socket.close();
  }
}
