/**
 * Redis killed (SIGKILL, and it keeps nothing on disk) and started again in
 * the middle of a conversation spread over two nodes. Broadcasts published
 * while it is away are lost by the adapter; when it returns, the nodes tell
 * every client to catch up (`server:resync`), so the agent on the other node
 * receives every message acked during the outage within seconds, without a
 * reload and without the test rejoining anything.
 */
import { PROTOCOL_VERSION } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClient, CustomerClient } from '../../src/index.js';
import { closeClients, connectAgent, connectCustomer } from '../support/clients.js';
import { holdsAll, listed, startTestCluster, storedMessages, type LocalCluster } from '../support/cluster.js';
import { waitFor } from '../support/wait.js';

/** How long Redis stays down. */
const OUTAGE_MS = 2_000;

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await closeClients();
  await cluster?.stop();
  cluster = undefined;
});

describe('Redis restarted mid-conversation', () => {
  it('messages acked while Redis was away reach the other node’s agent within seconds of its return, with no rejoin', async () => {
    cluster = await startTestCluster({ nodes: 2, ownRedis: true, haproxy: false });
    const [a, b] = cluster.nodes as [LocalCluster['nodes'][0], LocalCluster['nodes'][0]];
    const customer: CustomerClient = await connectCustomer(a.url);
    const agent: AgentClient = await connectAgent(b.url);
    const queryId = (await customer.createQuery({ subject: 'Redis', body: 'hello' })).id;
    const customerSide = customer.conversation(queryId);
    const agentSide = agent.conversation(queryId);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
    // A plain socket.io client on node B, to see the signal itself.
    const admin = await fetch(`${b.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: cluster.admin.email, password: cluster.admin.password }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const raw = io(`${b.url}/admin`, { auth: { token: admin.token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true });
    const resyncs: unknown[] = [];
    raw.on('server:resync', (event) => resyncs.push(event));
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));

    await cluster.ownRedis!.kill();
    // Sent and acked while Redis is away: the database has them, node B never hears of them.
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => customerSide.send(`during ${i}`).done));
    expect(during.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    // The outage lasts long enough for the nodes' Redis client to give up on what it queued (a few hundred
    // ms of reconnection attempts): those broadcasts are gone, not merely late.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    expect(agentSide.state.getSnapshot().messages.length).toBeLessThan(11);

    const returned = performance.now();
    await cluster.ownRedis!.restart();
    await waitFor(agentSide.state, holdsAll(11), 10_000, 'the agent catches up after Redis returns');
    const caughtUpIn = performance.now() - returned;
    expect(caughtUpIn).toBeLessThan(10_000);
    expect(resyncs).toContainEqual({ reason: 'redis' });

    // And live delivery works again, both ways.
    await customerSide.send('after').done;
    await agentSide.send('reply').done;
    await waitFor(agentSide.state, holdsAll(13), 10_000, 'agent list');
    await waitFor(customerSide.state, holdsAll(13), 10_000, 'customer list');
    const reference = (await storedMessages(cluster, queryId)).map((m) => `${m.seq}:${m.client_id}`);
    expect(listed(agentSide.state.getSnapshot())).toEqual(reference);
    expect(listed(customerSide.state.getSnapshot())).toEqual(reference);
    raw.close();
  });
});
