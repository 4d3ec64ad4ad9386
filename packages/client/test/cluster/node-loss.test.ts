/**
 * Losing the node a customer is on, behind HAProxy, in the middle of a burst of
 * sends — killed outright (SIGKILL: no last acks, no goodbye) or drained
 * (SIGTERM: a graceful shutdown). The SDK reconnects through the balancer to a
 * surviving node and resends what was not acked with the same clientIds;
 * afterwards every message is stored exactly once with seqs 1..N, and the
 * customer and the agents on the other nodes hold the identical list.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, CustomerClient } from '../../src/index.js';
import { closeClients, connectAgent, connectCustomer } from '../support/clients.js';
import { holdsAll, listed, socketsPerNode, startTestCluster, storedMessages, type LocalCluster } from '../support/cluster.js';
import { waitFor } from '../support/wait.js';

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await closeClients();
  await cluster?.stop();
  cluster = undefined;
});

async function burstThroughLoss(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ exitCode: number | null }> {
  cluster = await startTestCluster({ nodes: 3 });
  const customer: CustomerClient = await connectCustomer(cluster.url);
  // Which node the balancer gave the customer: the one to lose. The agents go to the two others, directly.
  const perNode = await socketsPerNode(cluster, '/chat');
  const victim = perNode.indexOf(1);
  expect(perNode.filter((n) => n === 1)).toHaveLength(1);
  const survivors = cluster.nodes.filter((_, i) => i !== victim);
  const agents = await Promise.all(survivors.map((node) => connectAgent(node.url)));

  const queryId = (await customer.createQuery({ subject: 'Node loss', body: 'before the burst' })).id;
  const customerSide: Conversation = customer.conversation(queryId);
  const agentSides = agents.map((agent) => agent.conversation(queryId));
  for (const side of [customerSide, ...agentSides]) await waitFor(side.state, (s) => s.joined && s.messages.length === 1);

  const customerSends = Array.from({ length: 60 }, (_, i) => customerSide.send(`c${i}`).done);
  const agentSends = Array.from({ length: 20 }, (_, i) => agentSides[0]!.send(`a${i}`).done);
  // Lose the node once some of the burst is stored and some is still on its way.
  await waitFor(customerSide.state, (s) => s.messages.filter((m) => m.seq !== null).length >= 15, 20_000, 'part of the burst acked');
  const exiting = signal === 'SIGKILL' ? cluster.nodes[victim]!.kill('SIGKILL') : cluster.nodes[victim]!.stop();
  // The proof needs sends still unacked when the node went.
  const ackedAtLoss = customerSide.state.getSnapshot().messages.filter((m) => m.mine && m.seq !== null).length;
  expect(ackedAtLoss).toBeLessThan(60);
  const exitCode = await exiting;

  const results = await Promise.allSettled([...customerSends, ...agentSends]);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const n = 81;
  for (const side of [customerSide, ...agentSides]) await waitFor(side.state, holdsAll(n), 30_000, 'every side holds 1..N');
  const stored = await storedMessages(cluster, queryId);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(new Set(stored.map((m) => m.client_id)).size).toBe(n);
  const reference = stored.map((m) => `${m.seq}:${m.client_id}`);
  for (const side of [customerSide, ...agentSides]) expect(listed(side.state.getSnapshot())).toEqual(reference);
  // Each sender's messages in the order it sent them.
  expect(stored.map((m) => m.body).filter((b) => /^c\d+$/.test(b))).toEqual(Array.from({ length: 60 }, (_, i) => `c${i}`));
  expect(stored.map((m) => m.body).filter((b) => /^a\d+$/.test(b))).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`));
  // The customer carries on, on a surviving node.
  expect((await socketsPerNode(cluster, '/chat')).filter((count, i) => i !== victim && count === 1)).toHaveLength(1);
  return { exitCode };
}

describe('the customer’s node lost in the middle of a burst, behind HAProxy', () => {
  it('killed with SIGKILL: the SDK reconnects to a surviving node; every message stored once, 1..N, identical lists', async () => {
    const { exitCode } = await burstThroughLoss('SIGKILL');
    expect(exitCode).toBeNull();
  });

  it('drained with SIGTERM: clients continue on the others with nothing lost, and the node exits cleanly', async () => {
    const { exitCode } = await burstThroughLoss('SIGTERM');
    expect(exitCode).toBe(0);
  });
});
