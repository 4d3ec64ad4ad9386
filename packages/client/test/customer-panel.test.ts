/**
 * The agents' customer panel through the SDK: `loadCustomer` fills `customers`, which stays live (online now,
 * corrections by anyone); a correction renames the customer in the queue and open conversations at once; a
 * visitor's own edit follows into their session and their next messages.
 */
import { describe, expect, it } from 'vitest';
import { connectAgent, connectCustomer } from './support/clients.js';
import { useSharedServer } from './support/shared-server.js';
import { waitFor } from './support/wait.js';

const serverUrl = useSharedServer();

describe('customer panel', () => {
  it('shows the customer online while their client is connected, offline after, and every correction live', async () => {
    const url = serverUrl();
    const agent = await connectAgent(url);
    const other = await connectAgent(url);
    await other.loadQueue();
    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'Panel', body: 'hello' });
    const side = agent.conversation(query.id);
    await waitFor(side.state, (s) => s.joined);
    const card = await agent.loadCustomer(query.customer.id);
    expect(card.presence).toBe('online');
    expect(card.queries.map((q) => q.id)).toEqual([query.id]);

    customer.close();
    await waitFor(agent.customers, (c) => c[query.customer.id]?.presence === 'offline', 5000, 'offline');

    await other.updateCustomer(query.customer.id, { name: 'Corrected Name', email: 'corrected@example.test' });
    await waitFor(agent.customers, (c) => c[query.customer.id]?.customer.name === 'Corrected Name', 5000, 'the card renamed');
    await waitFor(side.state, (s) => s.query?.customer.name === 'Corrected Name', 5000, 'the open conversation renamed');
    // Another connection: nothing orders its events after this one's, so wait for them too.
    await waitFor(other.queue, (q) => q.items.find((i) => i.id === query.id)?.customer.name === 'Corrected Name', 5000, 'the other agent’s queue renamed');
    expect(agent.customers.getSnapshot()[query.customer.id]?.customer.email).toBe('corrected@example.test');
  });

  it('the card’s list of queries follows them: resolved, reopened by the customer writing, a new one on top', async () => {
    const url = serverUrl();
    const agent = await connectAgent(url);
    await agent.loadQueue();
    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'Status', body: 'hello' });
    await agent.loadCustomer(query.customer.id);
    const statusOf = (id: string) => agent.customers.getSnapshot()[query.customer.id]?.queries.find((q) => q.id === id)?.status;

    await agent.resolve(query.id);
    expect(statusOf(query.id)).toBe('resolved');
    const chat = customer.conversation(query.id);
    await waitFor(chat.state, (s) => s.joined);
    await chat.send('one more thing').done;
    await waitFor(agent.customers, () => statusOf(query.id) === 'open', 5000, 'the card shows it reopened');

    const second = await customer.createQuery({ subject: 'Another', body: 'hi again' });
    await waitFor(agent.customers, (c) => c[query.customer.id]?.queries[0]?.id === second.id, 5000, 'the new query on top');
    expect(agent.customers.getSnapshot()[query.customer.id]?.queries.map((q) => q.id)).toEqual([second.id, query.id]);
  });

  it('a visitor renames themselves: the session and their next message carry the new name', async () => {
    const url = serverUrl();
    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'Rename', body: 'hi' });
    expect(await customer.getDetails()).toMatchObject({ id: query.customer.id, externalId: null });
    const updated = await customer.updateDetails({ name: 'New Me', email: 'me@example.test' });
    expect(updated).toMatchObject({ name: 'New Me', email: 'me@example.test' });
    expect(customer.session.getSnapshot().user.name).toBe('New Me');
    const chat = customer.conversation(query.id);
    await waitFor(chat.state, (s) => s.joined);
    const sent = await chat.send('after the rename').done;
    expect(sent.author.name).toBe('New Me');
  });
});
