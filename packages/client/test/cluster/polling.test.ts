/**
 * The SDK on long-polling only, through HAProxy with three nodes behind it:
 * every request of a polling session must reach the node that holds it, which
 * HAProxy ensures with its cookie — kept by socket.io-client in Node only
 * because the SDK opens sockets `withCredentials`. Without that, the second
 * request of a session lands on another node at random and the session fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closeClients, connectAgent, connectCustomer } from '../support/clients.js';
import { holdsAll, socketsPerNode, startTestCluster, type LocalCluster } from '../support/cluster.js';
import { waitFor } from '../support/wait.js';

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await closeClients();
  await cluster?.stop();
  cluster = undefined;
});

describe('the SDK on long-polling through HAProxy', () => {
  it('chats normally, its session pinned to one node', async () => {
    cluster = await startTestCluster({ nodes: 3 });
    const polling = { socketOptions: { transports: ['polling'] } };
    const customer = await connectCustomer(cluster.url, polling);
    const agent = await connectAgent(cluster.url, polling);
    const queryId = (await customer.createQuery({ subject: 'Polling', body: 'hello' })).id;
    const customerSide = customer.conversation(queryId);
    const agentSide = agent.conversation(queryId);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
    const sends = [
      ...Array.from({ length: 15 }, (_, i) => customerSide.send(`c${i}`).done),
      ...Array.from({ length: 15 }, (_, i) => agentSide.send(`a${i}`).done),
    ];
    expect((await Promise.allSettled(sends)).filter((r) => r.status === 'rejected')).toEqual([]);
    await waitFor(customerSide.state, holdsAll(31), 20_000, 'customer list');
    await waitFor(agentSide.state, holdsAll(31), 20_000, 'agent list');
    // Still one connected socket each, each on one node, and never dropped on the way.
    expect((await socketsPerNode(cluster, '/chat')).reduce((a, b) => a + b, 0)).toBe(1);
    expect((await socketsPerNode(cluster, '/admin')).reduce((a, b) => a + b, 0)).toBe(1);
    expect(customer.status.getSnapshot().state).toBe('online');
  });
});
