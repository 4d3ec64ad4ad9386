/**
 * Scenario 6 — store: Parley's group commit (appends arriving together share
 * one transaction and one fsync, each ack after its own commit) against one
 * commit per message (`COMMIT_MODE=single`), under the same closed-loop load:
 * `senders` customers each keeping `inFlight` messages outstanding, nobody
 * else in the rooms. We report acked messages/s and send→ack latency for both.
 */
import { metric, type Metric, type Scenario } from './scenario.ts';
import { runClosedLoop } from './closed-loop.ts';
import { closeConversations, openConversations } from './setup.ts';
import { promValue } from '../metrics/prom-text.ts';
import type { Target } from '../targets/target.ts';

/** prom-client histogram of commit batch sizes exposed by Parley's /metrics. */
const BATCH_METRIC = 'parley_commit_batch_size';

async function batchStats(target: Target): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${target.url}/metrics`)).text();
  return { sum: promValue(text, `${BATCH_METRIC}_sum`) ?? Number.NaN, count: promValue(text, `${BATCH_METRIC}_count`) ?? Number.NaN };
}

export const storeScenario: Scenario = {
  id: 6,
  name: 'store',
  title: 'Store',
  description: 'group commit vs one commit per message: acked msg/s and ack latency',
  targets: ['parley'],
  async run({ target, sizes, log, launch }) {
    const { senders, inFlight, seconds } = sizes.store;
    const measure = async (server: Target, mode: 'group' | 'single') => {
      const seeds = await server.createConversations(senders);
      const conversations = await openConversations(server, seeds, 0, sizes.setupConcurrency);
      const before = await batchStats(server);
      const result = await runClosedLoop(server, conversations, { inFlight, warmupSeconds: Math.min(2, seconds / 4), seconds });
      const after = await batchStats(server);
      closeConversations(conversations);
      log(`${mode}: ${(result.windowAcks / result.windowSeconds).toFixed(0)} msg/s`);
      return { mode, result, meanBatch: (after.sum - before.sum) / (after.count - before.count) };
    };
    const group = await measure(target, 'group');
    const singleServer = await launch('parley', { env: { COMMIT_MODE: 'single' } });
    const single = await measure(singleServer, 'single');
    const metrics: Metric[] = [];
    for (const { mode, result, meanBatch } of [group, single]) {
      metrics.push(
        metric(`${mode}PerSecond`, `${mode} commit: acked msg/s`, 'msg/s', result.windowAcks / result.windowSeconds, 'higher'),
        metric(`${mode}AckP50`, `${mode} commit: p50 send→ack`, 'ms', result.ack.quantile(0.5), 'lower'),
        metric(`${mode}AckP99`, `${mode} commit: p99 send→ack`, 'ms', result.ack.quantile(0.99), 'lower'),
        metric(`${mode}MeanBatch`, `${mode} commit: messages per commit`, 'msgs', meanBatch, 'higher'),
        metric(`${mode}CpuPer1000`, `${mode} commit: server CPU-s / 1,000 msgs`, 'CPU-s', result.server.cpuSeconds / (result.windowAcks / 1000), 'lower'),
      );
    }
    const totals = [group.result.totals, single.result.totals];
    const sent = totals.reduce((n, t) => n + t.sent, 0);
    const acked = totals.reduce((n, t) => n + t.acked, 0);
    return {
      target: target.name,
      metrics,
      checks: { sent, acked, expected: sent, delivered: acked, lost: Math.max(0, sent - acked - totals.reduce((n, t) => n + t.errors, 0)), errors: totals.reduce((n, t) => n + t.errors, 0) },
      notes: [`${senders} senders × ${inFlight} in flight, ${seconds}s per mode; both servers are the built Parley, COMMIT_MODE=group (default) then single`],
    };
  },
};
