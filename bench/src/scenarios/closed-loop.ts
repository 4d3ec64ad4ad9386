/**
 * The closed-loop sender shared by scenarios 1 and 5: each customer keeps
 * `inFlight` acked messages outstanding and sends the next as soon as one is
 * acked; receivers record end-to-end latency from the time stamped in the body.
 */
// The clientIds Parley's SDK makes (UUIDv7), which the server's idempotency index is laid out for.
import { newClientId } from '@parley/client';
import { waitUntil } from '../load/concurrency.ts';
import { sentAtOf, stampedBody } from '../load/message-body.ts';
import { LatencyRecorder } from '../metrics/latency-histogram.ts';
import { CpuSampler, type CpuWindow } from '../metrics/proc-stats.ts';
import type { Target, WindowCounters } from '../targets/target.ts';
import type { LiveConversation } from './setup.ts';

export interface ClosedLoopOptions {
  inFlight: number;
  warmupSeconds: number;
  seconds: number;
}

export interface ClosedLoopResult {
  /** Deliveries (message:new at a receiver) inside the measured window. */
  windowDeliveries: number;
  /** Acked sends inside the measured window. */
  windowAcks: number;
  /** End-to-end latency of deliveries inside the window, ms. */
  endToEnd: LatencyRecorder;
  /** Send → ack latency inside the window, ms. */
  ack: LatencyRecorder;
  /** CPU of the server's processes (every node of a cluster, summed). */
  server: CpuWindow;
  /** What the target counted about itself over the window (commits, database, Redis, load balancer); {} when nothing. */
  counters: WindowCounters;
  /** `query:updated` events (Parley's queue updates) receivers got per second in the window. */
  queueUpdatesPerSecond: number;
  /** Cores the load generator itself used during the window. */
  clientCores: number;
  windowSeconds: number;
  totals: { sent: number; acked: number; delivered: number; errors: number; receivers: number };
}

/** Runs warm-up then a measured window of closed-loop sending over `conversations`. */
export async function runClosedLoop(target: Target, conversations: readonly LiveConversation[], options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const endToEnd = new LatencyRecorder();
  const ack = new LatencyRecorder();
  let measuring = false;
  let running = true;
  const totals = { sent: 0, acked: 0, delivered: 0, errors: 0, receivers: 0 };
  let windowDeliveries = 0;
  let windowAcks = 0;

  for (const conversation of conversations) {
    totals.receivers = Math.max(totals.receivers, conversation.agents.length);
    for (const agent of conversation.agents) {
      agent.on('message:new', (event) => {
        const now = performance.now();
        totals.delivered++;
        if (!measuring) return;
        windowDeliveries++;
        endToEnd.record(now - sentAtOf((event as { message: { body: string } }).message.body));
      });
    }
  }

  const loops: Promise<void>[] = [];
  for (const { seed, customer } of conversations) {
    for (let i = 0; i < options.inFlight; i++) {
      loops.push(
        (async () => {
          while (running) {
            const sentAt = performance.now();
            totals.sent++;
            try {
              const response = (await customer.request('message:send', {
                queryId: seed.queryId,
                clientId: newClientId(),
                body: stampedBody(sentAt),
              })) as { ok?: boolean };
              if (response?.ok !== true) {
                totals.errors++;
                continue;
              }
            } catch {
              totals.errors++;
              return; // a dead connection stops its loop; the error is counted
            }
            totals.acked++;
            if (measuring) {
              windowAcks++;
              ack.record(performance.now() - sentAt);
            }
          }
        })(),
      );
    }
  }

  await new Promise((resolve) => setTimeout(resolve, options.warmupSeconds * 1000));
  const closeWindow = await target.openWindow?.();
  const sampler = new CpuSampler(target.serverPids);
  await sampler.start();
  const clientCpuStart = process.cpuUsage();
  const receivers = conversations.flatMap((c) => c.agents);
  const queueUpdates = () => receivers.reduce((n, agent) => n + agent.eventCount('query:updated'), 0);
  const queueUpdatesAtStart = queueUpdates();
  const windowStart = performance.now();
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  measuring = false;
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const queueUpdatesPerSecond = (queueUpdates() - queueUpdatesAtStart) / windowSeconds;
  const clientCpu = process.cpuUsage(clientCpuStart);
  const server = await sampler.stop();
  const counters = (await closeWindow?.()) ?? {};
  running = false;
  await Promise.all(loops);
  // Broadcasts may trail the last acks; give them a moment before counting losses.
  await waitUntil(() => totals.delivered >= totals.acked * totals.receivers, 5000);
  return {
    windowDeliveries,
    windowAcks,
    endToEnd,
    ack,
    server,
    counters,
    queueUpdatesPerSecond,
    clientCores: (clientCpu.user + clientCpu.system) / 1e6 / windowSeconds,
    windowSeconds,
    totals,
  };
}
