/**
 * PostgreSQL cut away from every node (a TCP gate between them drops every
 * connection and refuses new ones): no send is acked ok — the server answers
 * `unavailable` — and /readyz says 503 on every node; the SDK keeps the
 * messages in its outbox. Once the database is back, both recover by
 * themselves and the outbox delivers everything exactly once.
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClient, CustomerClient } from '../../src/index.js';
import { closeClients, connectAgent, connectCustomer } from '../support/clients.js';
import { holdsAll, listed, startTestCluster, storedMessages, type LocalCluster } from '../support/cluster.js';
import { waitFor } from '../support/wait.js';

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await closeClients();
  await cluster?.stop();
  cluster = undefined;
});

describe('the database cut away and restored', () => {
  it('answers unavailable and 503 while it is gone, then the outbox delivers everything exactly once', async () => {
    cluster = await startTestCluster({ nodes: 2, databaseGate: true, haproxy: false });
    const [a, b] = cluster.nodes as [LocalCluster['nodes'][0], LocalCluster['nodes'][0]];
    const customer: CustomerClient = await connectCustomer(a.url);
    const agent: AgentClient = await connectAgent(b.url);
    const queryId = (await customer.createQuery({ subject: 'Outage', body: 'hello' })).id;
    const customerSide = customer.conversation(queryId);
    const agentSide = agent.conversation(queryId);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
    const raw = io(`${a.url}/chat`, { auth: { token: customer.token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));

    cluster.databaseGate!.cut();
    const ack = await raw.timeout(20_000).emitWithAck('message:send', { queryId, clientId: randomUUID(), body: 'during the outage' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    for (const node of [a, b]) expect((await fetch(`${node.url}/readyz`)).status).toBe(503);
    const sends = Array.from({ length: 5 }, (_, i) => customerSide.send(`kept ${i}`).done);
    const replies = Array.from({ length: 3 }, (_, i) => agentSide.send(`reply ${i}`).done);
    await waitFor(customer.pendingCount, (n) => n === 5, 10_000, 'customer outbox');
    expect(customerSide.state.getSnapshot().messages.filter((m) => m.delivery === 'pending')).toHaveLength(5);

    cluster.databaseGate!.restore();
    const results = await Promise.allSettled([...sends, ...replies]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const node of [a, b]) await waitFor(readiness(node.url), (ok) => ok, 10_000, 'ready again');
    // The refused send was never stored; the outbox's 8 were, once each.
    const n = 9;
    await waitFor(customerSide.state, holdsAll(n), 20_000, 'customer list');
    await waitFor(agentSide.state, holdsAll(n), 20_000, 'agent list');
    const stored = await storedMessages(cluster, queryId);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(stored.some((m) => m.body === 'during the outage')).toBe(false);
    expect(new Set(stored.map((m) => m.client_id)).size).toBe(n);
    const reference = stored.map((m) => `${m.seq}:${m.client_id}`);
    expect(listed(customerSide.state.getSnapshot())).toEqual(reference);
    expect(listed(agentSide.state.getSnapshot())).toEqual(reference);
    raw.close();
  });
});

/** A store of a node's readiness, polled: for waitFor. */
function readiness(url: string) {
  let value = false;
  const listeners = new Set<(v: boolean) => void>();
  const timer = setInterval(() => {
    fetch(`${url}/readyz`).then(
      (r) => {
        value = r.ok;
        for (const l of listeners) l(value);
        if (value) clearInterval(timer);
      },
      () => {},
    );
  }, 100);
  return {
    getSnapshot: () => value,
    subscribe: (listener: (v: boolean) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
