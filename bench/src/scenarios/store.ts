/**
 * Scenario 6 — store: Parley's group commit (appends arriving together share
 * one transaction and one fsync, each ack after its own commit) against one
 * commit per message (`COMMIT_MODE=single`), under the same closed-loop load:
 * `senders` customers each keeping `inFlight` messages outstanding, nobody
 * else in the rooms. It runs on both stores, as two targets the runner
 * alternates: `parley` (embedded SQLite) and `parley-pg` (one Parley process
 * on a fresh PostgreSQL database of this machine, no Redis), so the table
 * shows them side by side with PostgreSQL ÷ SQLite. We report acked
 * messages/s, send→ack latency, messages per commit (from /metrics
 * `parley_commit_batch_size`) and CPU per 1,000 messages for both modes — on
 * PostgreSQL, the database backends' CPU as well as Parley's.
 */
import { metric, type Metric, type Scenario } from './scenario.ts';
import { runClosedLoop } from './closed-loop.ts';
import { closeConversations, openConversations } from './setup.ts';
import type { Target } from '../targets/target.ts';
import { windowMetrics } from './window-metrics.ts';

export const storeScenario: Scenario = {
  id: 6,
  name: 'store',
  title: 'Store',
  description: 'group commit vs one commit per message, on SQLite and on PostgreSQL: acked msg/s and ack latency',
  targets: ['parley', 'parley-event-loop', 'parley-pg'],
  async run({ target, sizes, log, launch }) {
    const { senders, inFlight, seconds } = sizes.store;
    const measure = async (server: Target, mode: 'group' | 'single') => {
      const seeds = await server.createConversations(senders);
      const conversations = await openConversations(server, seeds, 0, sizes.setupConcurrency);
      const result = await runClosedLoop(server, conversations, { inFlight, warmupSeconds: Math.min(2, seconds / 4), seconds });
      closeConversations(conversations);
      log(`${mode}: ${(result.windowAcks / result.windowSeconds).toFixed(0)} msg/s`);
      return { mode, result };
    };
    const group = await measure(target, 'group');
    // The same store for the single-commit server: a second SQLite DATA_DIR, or a second PostgreSQL database.
    const singleServer = await launch(target.name, { env: { COMMIT_MODE: 'single' } });
    const single = await measure(singleServer, 'single');
    const metrics: Metric[] = [];
    for (const { mode, result } of [group, single]) {
      metrics.push(
        metric(`${mode}PerSecond`, `${mode} commit: acked msg/s`, 'msg/s', result.windowAcks / result.windowSeconds, 'higher'),
        metric(`${mode}AckP50`, `${mode} commit: p50 send→ack`, 'ms', result.ack.quantile(0.5), 'lower'),
        metric(`${mode}AckP99`, `${mode} commit: p99 send→ack`, 'ms', result.ack.quantile(0.99), 'lower'),
        metric(`${mode}CpuPer1000`, `${mode} commit: server CPU-s / 1,000 msgs`, 'CPU-s', result.server.cpuSeconds / (result.windowAcks / 1000), 'lower'),
        ...windowMetrics(result.counters, result.windowSeconds, { keyPrefix: mode, labelPrefix: `${mode} commit: ` }),
      );
    }
    const totals = [group.result.totals, single.result.totals];
    const sent = totals.reduce((n, t) => n + t.sent, 0);
    const acked = totals.reduce((n, t) => n + t.acked, 0);
    const store = target.name === 'parley-pg' ? 'PostgreSQL (a fresh database each)' : 'SQLite (a fresh DATA_DIR each)';
    return {
      target: target.name,
      metrics,
      checks: { sent, acked, expected: sent, delivered: acked, lost: Math.max(0, sent - acked - totals.reduce((n, t) => n + t.errors, 0)), errors: totals.reduce((n, t) => n + t.errors, 0) },
      notes: [`${senders} senders × ${inFlight} in flight, ${seconds}s per mode; both servers are the built Parley on ${store}, COMMIT_MODE=group (default) then single`],
    };
  },
};
