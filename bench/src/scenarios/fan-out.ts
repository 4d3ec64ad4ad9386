/**
 * Scenario 5 — fan-out. One query watched by `agents` agents; its customer
 * keeps `inFlight` acked messages outstanding. We report deliveries per second
 * (messages × watching agents) and end-to-end latency of those deliveries.
 */
import { CoreTargets } from '../targets/target.ts';
import { runClosedLoop } from './closed-loop.ts';
import { deliveryChecks, metric, type Scenario } from './scenario.ts';
import { closeConversations, DropCounter, openConversations } from './setup.ts';

export const fanOutScenario: Scenario = {
  id: 5,
  name: 'fan-out',
  title: 'Fan-out',
  description: 'one query watched by many agents; its customer keeps 2 messages in flight',
  targets: CoreTargets,
  async run({ target, sizes, log }) {
    const { agents, inFlight, warmupSeconds, seconds } = sizes.fanOut;
    const seeds = await target.createConversations(1);
    const conversations = await openConversations(target, seeds, agents, sizes.setupConcurrency);
    const drops = new DropCounter();
    for (const c of conversations) [c.customer, ...c.agents].forEach((x) => drops.watch(x));
    log(`${agents} agents watching one query; ${seconds}s measured`);
    const result = await runClosedLoop(target, conversations, { inFlight, warmupSeconds, seconds });
    closeConversations(conversations);
    return {
      target: target.name,
      metrics: [
        metric('deliveriesPerSecond', 'deliveries/s', 'deliveries/s', result.windowDeliveries / result.windowSeconds, 'higher'),
        metric('messagesPerSecond', 'messages sent/s', 'msg/s', result.windowAcks / result.windowSeconds, 'higher'),
        metric('p50', 'p50 end-to-end', 'ms', result.endToEnd.quantile(0.5), 'lower'),
        metric('p99', 'p99 end-to-end', 'ms', result.endToEnd.quantile(0.99), 'lower'),
        metric('queueUpdatesPerSecond', 'query:updated received/s', 'events/s', result.queueUpdatesPerSecond, 'lower'),
        metric('serverCores', 'server CPU', 'cores', result.server.cpuSeconds / result.server.wallSeconds, 'lower'),
        metric('clientCores', 'load generator CPU', 'cores', result.clientCores, 'lower'),
      ],
      checks: deliveryChecks(result.totals.sent, result.totals.acked, agents, result.totals.delivered, result.totals.errors + drops.count),
      notes: [`${agents} agents, ${inFlight} in flight, ${seconds}s window`],
    };
  },
};
