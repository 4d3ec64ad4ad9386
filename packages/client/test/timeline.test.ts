/** A conversation's timeline through the SDK: live on both sides, the same after a reconnect, never doubled. */
import { describe, expect, it } from 'vitest';
import { connectAgent, connectCustomer } from './support/clients.js';
import { useSharedServer } from './support/shared-server.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/wait.js';

const serverUrl = useSharedServer();

describe('conversation timeline', () => {
  it('agent and customer see the assignment and resolution live, in order, once each, also after the customer reconnects', async () => {
    const url = serverUrl();
    const agent = await connectAgent(url);
    // The customer reaches the server through a proxy the test can cut: a real network drop, conversations kept.
    const link = await TcpProxy.start(Number(new URL(serverUrl()).port));
    const customer = await connectCustomer(link.url);
    const query = await customer.createQuery({ subject: 'Timeline', body: 'hello' });
    const mine = customer.conversation(query.id);
    const theirs = agent.conversation(query.id);
    await waitFor(mine.state, (s) => s.joined);
    await waitFor(theirs.state, (s) => s.joined);
    await agent.assign(query.id);
    await agent.resolve(query.id);
    const types = (s: { timeline?: readonly { type: string }[] }) => (s.timeline ?? []).map((e) => e.type).join(',');
    await waitFor(theirs.state, (s) => types(s) === 'assigned,resolved', 5000, 'the agent’s timeline');
    await waitFor(mine.state, (s) => types(s) === 'assigned,resolved', 5000, 'the customer’s timeline');
    expect(mine.state.getSnapshot().timeline![0]).toMatchObject({ actor: null, assignee: { id: agent.user.id } });
    expect(theirs.state.getSnapshot().timeline![0]).toMatchObject({ actor: { id: agent.user.id } });

    link.cutAll();
    await waitFor(mine.state, (s) => !s.joined, 5000, 'the drop');
    await waitFor(mine.state, (s) => s.joined, 10_000, 'joined again');
    expect(types(mine.state.getSnapshot())).toBe('assigned,resolved');
    await mine.send('still broken').done;
    await waitFor(mine.state, (s) => types(s) === 'assigned,resolved,reopened', 5000, 'the reopening');
    expect(mine.state.getSnapshot().timeline).toHaveLength(3);
    await customer.close();
    await link.close();
  });
});
