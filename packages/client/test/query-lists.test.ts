/**
 * The live query lists against the real server: the agents' queue (status-filtered
 * pages), the user's own read cursor in the lists, and refreshQueries().
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients, connectAgent, connectCustomer } from './support/clients.js';
import { startTestServer, type TestServer } from './support/server.js';
import { waitFor } from './support/wait.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.server.url;
});
afterEach(closeClients);
afterAll(() => server.close());

describe('query lists', () => {
  it('the queue holds an old open query behind newer resolved ones, and follows live changes', async () => {
    const customer = await connectCustomer(url);
    const agent = await connectAgent(url);
    const old = await customer.createQuery({ subject: 'old one', body: 'still waiting' });
    const newer = [];
    for (let i = 0; i < 3; i++) newer.push(await customer.createQuery({ subject: `newer ${i}`, body: 'hi' }));
    for (const q of newer) await agent.resolve(q.id);
    await agent.loadQueue();
    const state = agent.queue.getSnapshot();
    expect(state.unresolvedComplete).toBe(true);
    expect(state.items.find((q) => q.id === old.id)?.status).toBe('open');
    expect(state.items.filter((q) => q.status === 'resolved')).toHaveLength(3);

    const fresh = await customer.createQuery({ subject: 'fresh', body: 'new' });
    await waitFor(agent.queue, (s) => s.items.some((q) => q.id === fresh.id), 5_000, 'query:created in the queue');
    await agent.updateQuery(old.id, { status: 'pending' });
    await waitFor(agent.queue, (s) => s.items.find((q) => q.id === old.id)?.status === 'pending', 5_000, 'pending');
  });

  it('marking a conversation read clears its unread count in the live lists, on both sides', async () => {
    const customer = await connectCustomer(url);
    const agent = await connectAgent(url);
    await customer.loadQueries();
    const query = await customer.createQuery({ subject: 'read me', body: 'one' });
    await agent.loadQueue();
    await agent.loadQueries();
    const agentSide = agent.conversation(query.id);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
    await agentSide.send('two').done;
    await waitFor(customer.queries, (s) => s.items.some((q) => q.id === query.id && q.lastSeq === 2), 5_000, 'customer list sees seq 2');

    agentSide.markRead();
    expect(agent.queue.getSnapshot().items.find((q) => q.id === query.id)?.agentReadSeq).toBe(2);
    expect(agent.queries.getSnapshot().items.find((q) => q.id === query.id)?.agentReadSeq).toBe(2);

    const customerSide = customer.conversation(query.id);
    await waitFor(customerSide.state, (s) => s.joined && s.messages.length === 2);
    customerSide.markRead();
    expect(customer.queries.getSnapshot().items.find((q) => q.id === query.id)?.customerReadSeq).toBe(2);
    // A list reload whose copy predates the read does not bring the badge back.
    await customer.refreshQueries();
    expect(customer.queries.getSnapshot().items.find((q) => q.id === query.id)?.customerReadSeq).toBe(2);
  });

  it('refreshQueries() brings in what no event announced', async () => {
    const customer = await connectCustomer(url);
    await customer.refreshQueries();
    expect(customer.queries.getSnapshot().items).toHaveLength(0);
    // Created by another client of the same customer: this one hears no event for it.
    const other = await connectCustomer(url, { session: { ...customer.session.getSnapshot() } });
    const created = await other.createQuery({ subject: 'elsewhere', body: 'made on another device' });
    await customer.refreshQueries();
    expect(customer.queries.getSnapshot().items.map((q) => q.id)).toContain(created.id);
  });
});
