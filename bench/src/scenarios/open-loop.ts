/**
 * Scenario 2 — open-loop latency. `customers` connected customers, each sending
 * one message every `intervalSeconds` (5,000 × 1 per 5 s = 1,000 msg/s), spread
 * evenly in time. Open loop: a message leaves at its scheduled time whether or
 * not earlier ones were acked, and latency is counted from the scheduled time
 * to the ack, so a stalled server cannot hide its stall (no coordinated
 * omission). Here the ack is the delivery: for Parley it follows the commit.
 */
// The clientIds Parley's SDK makes (UUIDv7), which the server's idempotency index is laid out for.
import { newClientId } from '@parley/client';
import { waitUntil } from '../load/concurrency.ts';
import { stampedBody } from '../load/message-body.ts';
import { LatencyRecorder } from '../metrics/latency-histogram.ts';
import { describeTailEpisodes, tailEpisodes } from '../metrics/tail-episodes.ts';
import { CpuSampler } from '../metrics/proc-stats.ts';
import { CoreTargets } from '../targets/target.ts';
import { metric, type Scenario } from './scenario.ts';
import { closeConversations, DropCounter, openConversations } from './setup.ts';

/** How often the dispatcher wakes to send what is due. */
const TICK_MS = 2;

export const openLoopScenario: Scenario = {
  id: 2,
  name: 'open-loop',
  title: 'Open-loop latency',
  description: 'customers each sending one message per interval on a fixed schedule; latency to ack',
  targets: CoreTargets,
  async run({ target, sizes, log }) {
    const { customers, intervalSeconds, warmupSeconds, seconds } = sizes.openLoop;
    const seeds = await target.createConversations(customers);
    const conversations = await openConversations(target, seeds, 0, sizes.setupConcurrency);
    const drops = new DropCounter();
    for (const c of conversations) drops.watch(c.customer);
    const ratePerMs = customers / (intervalSeconds * 1000);
    log(`${customers} customers connected; ${(ratePerMs * 1000).toFixed(0)} msg/s for ${warmupSeconds + seconds}s`);

    const latency = new LatencyRecorder();
    // Every message of the window, by index: when it was scheduled and how long its ack took (tail-episodes.ts).
    const expected = Math.ceil(ratePerMs * seconds * 1000) + 16;
    const windowAt = new Float64Array(expected);
    const windowMs = new Float64Array(expected);
    let timed = 0;
    let sent = 0;
    let acked = 0;
    let errors = 0;
    const start = performance.now() + 10;
    const measureFrom = start + warmupSeconds * 1000;
    const end = measureFrom + seconds * 1000;
    let windowSent = 0;
    let sampler: CpuSampler | undefined;
    let clientCpuStart: NodeJS.CpuUsage | undefined;

    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        if (now >= end) {
          clearInterval(timer);
          resolve();
          return;
        }
        if (!sampler && now >= measureFrom) {
          sampler = new CpuSampler(target.serverPids);
          void sampler.start();
          void target.stats(); // resets the event-loop histogram at the start of the window
          clientCpuStart = process.cpuUsage();
        }
        // Send everything whose scheduled time has come, each stamped with that time.
        for (let due = start + sent / ratePerMs; due <= now && due < end; due = start + sent / ratePerMs) {
          const conversation = conversations[sent % customers]!;
          const scheduledAt = due;
          const inWindow = scheduledAt >= measureFrom;
          if (inWindow) windowSent++;
          sent++;
          conversation.customer
            .request('message:send', { queryId: conversation.seed.queryId, clientId: newClientId(), body: stampedBody(scheduledAt) })
            .then(
              (response) => {
                if ((response as { ok?: boolean })?.ok !== true) return void errors++;
                acked++;
                if (!inWindow) return;
                const ms = performance.now() - scheduledAt;
                latency.record(ms);
                if (timed < expected) {
                  windowAt[timed] = scheduledAt;
                  windowMs[timed++] = ms;
                }
              },
              () => void errors++,
            );
        }
      }, TICK_MS);
    });
    const windowSeconds = seconds;
    const clientCpu = process.cpuUsage(clientCpuStart);
    const stats = await target.stats();
    const server = await sampler!.stop();
    await waitUntil(() => acked + errors >= sent, 35_000);
    closeConversations(conversations);
    const loop = stats.eventLoop;
    return {
      target: target.name,
      metrics: [
        metric('achievedPerSecond', 'achieved msg/s', 'msg/s', windowSent / windowSeconds, 'higher'),
        metric('p50', 'p50 send→ack', 'ms', latency.quantile(0.5), 'lower'),
        metric('p99', 'p99 send→ack', 'ms', latency.quantile(0.99), 'lower'),
        metric('p999', 'p99.9 send→ack', 'ms', latency.quantile(0.999), 'lower'),
        metric('eventLoopP99', 'event-loop delay p99', 'ms', loop ? loop.p99 * 1000 : Number.NaN, 'lower'),
        metric('eventLoopMax', 'event-loop delay max', 'ms', loop ? loop.max * 1000 : Number.NaN, 'lower'),
        metric('serverCores', 'server CPU', 'cores', server.cpuSeconds / server.wallSeconds, 'lower'),
        metric('clientCores', 'load generator CPU', 'cores', (clientCpu.user + clientCpu.system) / 1e6 / windowSeconds, 'lower'),
      ],
      // Nobody else is in the room: a message counts as delivered when the server acks it.
      checks: { sent, acked, expected: sent, delivered: acked, lost: Math.max(0, sent - acked), errors: errors + drops.count },
      notes: [
        `${customers} customers, one message each per ${intervalSeconds}s, ${seconds}s window after ${warmupSeconds}s warm-up`,
        describeTailEpisodes(tailEpisodes(windowAt, windowMs, timed)),
      ],
    };
  },
};
