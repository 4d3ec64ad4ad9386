/**
 * Scenario 1 — conversations. `pairs` customer–agent pairs, one query each,
 * assigned to that pair's own agent account (on Parley: distinct agents, as in
 * a real support team, so each query's live updates concern one agent).
 * Every customer keeps `inFlight` acked messages outstanding (closed loop: the
 * next message leaves when an ack comes back); its agent only receives. We
 * report messages delivered to agents per second, end-to-end latency (customer
 * send → agent receives `message:new`) and server CPU-seconds per 1,000
 * delivered messages (every node's, on a cluster). On PostgreSQL and on the
 * cluster we also report what the message costs beyond Parley's processes:
 * the database's CPU and commits, Redis's commands, HAProxy's CPU.
 */
import { ClusterTarget } from '../targets/cluster-target.ts';
import { ComparedTargets } from '../targets/target.ts';
import { runClosedLoop } from './closed-loop.ts';
import { deliveryChecks, metric, type Scenario } from './scenario.ts';
import { closeConversations, DropCounter, openConversations } from './setup.ts';
import { redisCommandNote, windowMetrics } from './window-metrics.ts';

export const conversationsScenario: Scenario = {
  id: 1,
  name: 'conversations',
  title: 'Conversations',
  description: 'customer–agent pairs, 2 acked messages in flight per customer; agents receive',
  targets: ComparedTargets,
  async run({ target, sizes, log }) {
    const { pairs, inFlight, warmupSeconds, seconds } = sizes.conversations;
    const setupStarted = performance.now();
    const seeds = await target.createConversations(pairs, { assignedAgents: true });
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    log(`${pairs} conversations created in ${setupSeconds.toFixed(1)}s`);
    const conversations = await openConversations(target, seeds, 1, sizes.setupConcurrency);
    const drops = new DropCounter();
    for (const c of conversations) [c.customer, ...c.agents].forEach((x) => drops.watch(x));
    log(`${pairs} pairs connected; ${warmupSeconds}s warm-up, ${seconds}s measured`);
    const result = await runClosedLoop(target, conversations, { inFlight, warmupSeconds, seconds });
    closeConversations(conversations);
    const perSecond = result.windowDeliveries / result.windowSeconds;
    return {
      target: target.name,
      metrics: [
        metric('deliveredPerSecond', 'delivered msg/s', 'msg/s', perSecond, 'higher'),
        metric('p50', 'p50 end-to-end', 'ms', result.endToEnd.quantile(0.5), 'lower'),
        metric('p99', 'p99 end-to-end', 'ms', result.endToEnd.quantile(0.99), 'lower'),
        metric('ackP99', 'p99 send→ack', 'ms', result.ack.quantile(0.99), 'lower'),
        metric('cpuPer1000', 'server CPU-s / 1,000 msgs', 'CPU-s', result.server.cpuSeconds / (result.windowDeliveries / 1000), 'lower'),
        metric('queueUpdatesPerSecond', 'query:updated received/s', 'events/s', result.queueUpdatesPerSecond, 'lower'),
        metric('serverCores', 'server CPU', 'cores', result.server.cpuSeconds / result.server.wallSeconds, 'lower'),
        metric('clientCores', 'load generator CPU', 'cores', result.clientCores, 'lower'),
        ...windowMetrics(result.counters, result.windowSeconds),
      ],
      checks: deliveryChecks(result.totals.sent, result.totals.acked, 1, result.totals.delivered, result.totals.errors + drops.count),
      notes: [
        `${pairs} pairs × ${inFlight} in flight, ${seconds}s window after ${warmupSeconds}s warm-up`,
        `set-up (customers, queries${target.name.startsWith('parley') ? ', one agent account each, signed in and assigned' : ''}) took ${setupSeconds.toFixed(1)}s`,
        ...(target instanceof ClusterTarget
          ? [`${target.nodeCount} nodes behind HAProxy (TLS), on one PostgreSQL database and one Redis prefix; server CPU is the nodes' sum`]
          : []),
        ...redisCommandNote(result.counters),
      ],
    };
  },
};
