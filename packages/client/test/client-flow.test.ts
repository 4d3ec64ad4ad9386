/**
 * The SDK against the real server: the whole conversation flow, tokens,
 * outbox persistence, rate limits and refusals.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, CustomerClient, memoryStorage, ParleyError, signInAgent, signInCustomer, signInVisitor } from '../src/index.js';
import { closeClients, connectAgent, connectCustomer, connected, FAST_BACKOFF, track } from './support/clients.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, signedIdentity, signToken, startTestServer, type TestServer } from './support/server.js';
import { sleep, waitFor } from './support/wait.js';

let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer();
  url = server.server.url;
});
afterEach(closeClients);
afterAll(() => server.close());

describe('conversation flow', () => {
  it('customer and agent talk: query:created, both ways, typing, read receipts, resolve', async () => {
    const agent = await connectAgent(url);
    await agent.loadQueries();
    const customer = await connectCustomer(url);
    await customer.loadQueries();

    const query = await customer.createQuery({ subject: 'Order #42', body: 'Where is my parcel?' });
    await waitFor(agent.queries, (s) => s.items.some((q) => q.id === query.id), 5_000, 'query:created at the agent');
    expect(customer.queries.getSnapshot().items.map((q) => q.id)).toContain(query.id);

    const agentSide = agent.conversation(query.id);
    const customerSide = customer.conversation(query.id);
    expect(agent.conversation(query.id)).toBe(agentSide);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
    await waitFor(customerSide.state, (s) => s.joined && s.messages.length === 1);

    const reply = agentSide.send('It left the warehouse this morning.');
    expect(reply.message.delivery).toBe('pending');
    const stored = await reply.done;
    expect(stored).toMatchObject({ seq: 2, clientId: reply.message.clientId });
    await waitFor(customerSide.state, (s) => s.messages.at(-1)?.body === 'It left the warehouse this morning.');
    expect(customerSide.state.getSnapshot().messages.at(-1)).toMatchObject({ mine: false, delivery: 'sent', seq: 2 });

    customerSide.setTyping(true);
    await waitFor(agentSide.state, (s) => s.typing.some((u) => u.id === customer.user.id), 5_000, 'typing at the agent');
    await customerSide.send('Thanks!').done;
    await waitFor(agentSide.state, (s) => s.typing.length === 0 && s.messages.length === 3, 5_000, 'typing cleared by the message');

    customerSide.markRead();
    await waitFor(agentSide.state, (s) => s.messages[1]?.delivery === 'read', 5_000, 'agent reply marked read');
    // Message activity reaches the agents' list too (coalesced by the server, about once a second).
    await waitFor(agent.queries, (s) => s.items.find((q) => q.id === query.id)?.lastSeq === 3, 5_000, 'lastSeq in the agent list');

    await agent.resolve(query.id);
    await waitFor(customer.queries, (s) => s.items.find((q) => q.id === query.id)?.status === 'resolved', 5_000, 'resolved at the customer');
    await waitFor(customerSide.state, (s) => s.query?.status === 'resolved');

    const [customerList, agentList] = [customerSide, agentSide].map((c) => c.state.getSnapshot().messages.map((m) => [m.seq, m.body]));
    expect(customerList).toEqual(agentList);
  });

  it('agents see presence, customers their assignee’s, and internal notes stay on their side', async () => {
    const agent = await connectAgent(url);
    const agents = await agent.listAgents();
    expect(agent.presence.getSnapshot()[agent.user.id]).toBe('online');
    expect(agents.some((a) => a.id === agent.user.id)).toBe(true);
    await agent.setPresence('away');
    await waitFor(agent.presence, (p) => p[agent.user.id] === 'away');

    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'Notes', body: 'hello' });
    const agentSide = agent.conversation(query.id);
    await waitFor(agentSide.state, (s) => s.joined);
    await agentSide.send('customer seems upset', { internal: true }).done;
    await agentSide.send('Hello! How can I help?').done;
    const customerSide = customer.conversation(query.id);
    await waitFor(customerSide.state, (s) => s.joined && s.messages.length === 2);
    expect(customerSide.state.getSnapshot().notes).toEqual([]);
    expect(agentSide.state.getSnapshot().notes.map((n) => [n.seq, n.body])).toEqual([[1, 'customer seems upset']]);

    // The customer sees the presence of the agent their query is assigned to.
    await agent.assign(query.id);
    await waitFor(customer.presence, (p) => p[agent.user.id] === 'away', 5_000, 'the assignee away, at the customer');
    await agent.setPresence('online');
    await waitFor(customer.presence, (p) => p[agent.user.id] === 'online', 5_000, 'the assignee back online, at the customer');
  });

  it('scrolls back through older history page by page', async () => {
    const customer = await connectCustomer(url);
    const query = await customer.createQuery({ subject: 'Long', body: 'message 1' });
    const writer = customer.conversation(query.id);
    for (let i = 2; i <= 130; i++) writer.send(`message ${i}`);
    await waitFor(customer.pendingCount, (n) => n === 0, 20_000, 'all sent');
    writer.leave();

    const reader = await connectCustomer(url, { session: customer.session.getSnapshot() });
    const conversation = reader.conversation(query.id);
    const first = await waitFor(conversation.state, (s) => s.joined);
    expect(first.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 81 + i));
    expect(first.hasOlder).toBe(true);
    await conversation.loadOlder();
    await conversation.loadOlder();
    const all = conversation.state.getSnapshot();
    expect(all.messages.map((m) => m.seq)).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect(all.hasOlder).toBe(false);
  });
});

describe('tokens', () => {
  it('renews an expired visitor token silently with the resumeKey', async () => {
    const visitor = await signInVisitor(url, { name: 'Expired Ada' });
    expect(visitor.resumeKey).toBeTruthy();
    const expired = signToken({ sub: visitor.user.id, role: 'customer', name: visitor.user.name }, -60);
    const client = await connected(new CustomerClient({ baseUrl: url, session: { ...visitor, token: expired }, backoff: FAST_BACKOFF }));
    expect(client.token).not.toBe(expired);
    // REST also works with the renewed token, and it is the same customer.
    const query = await client.createQuery({ subject: 'after renewal', body: 'still me' });
    expect(query.customer.id).toBe(visitor.user.id);
  });

  it('renews an identified customer with the signed identity again', async () => {
    const identity = await signedIdentity({ externalId: 'shop-user-7', name: 'Grace' });
    const session = await signInCustomer(url, identity);
    const expired = signToken({ sub: session.user.id, role: 'customer', name: 'Grace' }, -5);
    const client = await connected(new CustomerClient({ baseUrl: url, session: { ...session, token: expired }, backoff: FAST_BACKOFF }));
    expect(client.user.id).toBe(session.user.id);
    expect(client.status.getSnapshot().state).toBe('online');
  });

  it('a REST call with an expired token renews it and succeeds', async () => {
    const visitor = await signInVisitor(url, {});
    const expired = signToken({ sub: visitor.user.id, role: 'customer', name: visitor.user.name }, -5);
    const client = track(new CustomerClient({ baseUrl: url, session: { ...visitor, token: expired } }));
    await client.loadQueries();
    expect(client.token).not.toBe(expired);
  });

  it('an agent with an expired token is asked to sign in again; null gives up with auth_failed', async () => {
    const { agent, ...session } = await signInAgent(url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const expired = signToken({ sub: agent.id, role: agent.role, name: agent.name }, -5);
    let asked = 0;
    const client = await connected(
      new AgentClient({
        baseUrl: url,
        session: { ...session, token: expired },
        backoff: FAST_BACKOFF,
        onSessionExpired: async () => {
          asked++;
          return signInAgent(url, ADMIN_EMAIL, ADMIN_PASSWORD);
        },
      }),
    );
    expect(asked).toBe(1);

    const refused = track(
      new AgentClient({ baseUrl: url, session: { ...session, token: expired }, backoff: FAST_BACKOFF, onSessionExpired: async () => null }),
    );
    refused.connect();
    const status = await waitFor(refused.status, (s) => s.state === 'offline');
    expect(status).toMatchObject({ state: 'offline', reason: 'auth_failed', error: { code: 'token_expired' } });
    expect(client.status.getSnapshot().state).toBe('online');
  });

  it('refreshes an agent token ahead of its expiry and keeps working past the old token’s expiry', async () => {
    const { agent, ...session } = await signInAgent(url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const shortLived = signToken({ sub: agent.id, role: agent.role, name: agent.name }, 4);
    const client = await connected(new AgentClient({ baseUrl: url, session: { ...session, token: shortLived }, backoff: FAST_BACKOFF }));
    const states: string[] = [];
    client.status.subscribe((s) => states.push(s.state));
    await waitFor(client.session, (s) => s.token !== shortLived, 5_000, 'proactive refresh');
    await sleep(2_500);
    // The live socket took the new token (auth:renew): never cut, not even briefly.
    expect(states).toEqual([]);
    expect(client.status.getSnapshot().state).toBe('online');
    // The old token has expired by now; REST calls use the new one.
    await expect(client.listAgents()).resolves.toBeInstanceOf(Array);
  });

  it('a token renewed ahead of expiry reaches the live socket (auth:renew): no reconnecting, no disconnect, nothing lost', async () => {
    const visitor = await signInVisitor(url, { name: 'Short token' });
    const shortLived = signToken({ sub: visitor.user.id, role: 'customer', name: visitor.user.name }, 3);
    const customer = await connected(new CustomerClient({ baseUrl: url, session: { ...visitor, token: shortLived }, backoff: FAST_BACKOFF }));
    // Every status change from here on: a cut would show as reconnecting/connecting.
    const states: string[] = [];
    customer.status.subscribe((s) => states.push(s.state));
    const query = await customer.createQuery({ subject: 'Expiring', body: 'hello' });
    const customerSide = customer.conversation(query.id);
    const agent = await connectAgent(url);
    const agentSide = agent.conversation(query.id);
    await waitFor(agentSide.state, (s) => s.joined);
    // Messages keep flowing well past the old token's expiry.
    for (let i = 0; i < 8; i++) {
      await agentSide.send(`tick ${i}`).done;
      await sleep(500);
    }
    await waitFor(customerSide.state, (s) => s.messages.length === 9, 10_000, 'all ticks at the customer');
    expect(customer.token).not.toBe(shortLived);
    expect(states).toEqual([]);
    expect(customer.status.getSnapshot().state).toBe('online');
  });

  it('when renewing ahead fails, the socket the server closes at expiry reconnects with a renewed token, nothing lost', async () => {
    const visitor = await signInVisitor(url, { name: 'Unlucky token' });
    const shortLived = signToken({ sub: visitor.user.id, role: 'customer', name: visitor.user.name }, 2);
    let renewals = 0;
    // The first renewal (the one ahead of expiry) finds the server unreachable.
    const flaky = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/api/auth/visitor') && renewals++ === 0) return Promise.reject(new TypeError('fetch failed'));
      return fetch(input, init);
    }) as typeof fetch;
    const customer = await connected(
      new CustomerClient({ baseUrl: url, session: { ...visitor, token: shortLived }, backoff: FAST_BACKOFF, fetch: flaky }),
    );
    const states: string[] = [];
    customer.status.subscribe((s) => states.push(s.state));
    const query = await customer.createQuery({ subject: 'Expiring', body: 'hello' });
    const customerSide = customer.conversation(query.id);
    const agent = await connectAgent(url);
    const agentSide = agent.conversation(query.id);
    await waitFor(agentSide.state, (s) => s.joined);
    for (let i = 0; i < 6; i++) {
      await agentSide.send(`tick ${i}`).done;
      await sleep(500);
    }
    await waitFor(customerSide.state, (s) => s.messages.length === 7, 10_000, 'all ticks at the customer');
    expect(states).toContain('reconnecting');
    expect(renewals).toBeGreaterThanOrEqual(2);
    expect(customer.status.getSnapshot().state).toBe('online');
    expect(customer.token).not.toBe(shortLived);
  });
});

describe('outbox', () => {
  it('messages written offline survive a reload and are sent once, in order, with the same clientIds', async () => {
    const storage = memoryStorage();
    const writer = await connectCustomer(url, { storage });
    const query = await writer.createQuery({ subject: 'Offline', body: 'first' });
    const session = writer.session.getSnapshot();
    await writer.close();

    // Never connected: everything stays pending, then the "tab" closes.
    const offline = track(new CustomerClient({ baseUrl: url, session, storage }));
    const sent = ['one', 'two', 'three'].map((body) => offline.conversation(query.id).send(body));
    expect(offline.pendingCount.getSnapshot()).toBe(3);
    await offline.close();

    const reloaded = await connected(new CustomerClient({ baseUrl: url, session, storage, backoff: FAST_BACKOFF }));
    await waitFor(reloaded.pendingCount, (n) => n === 0, 10_000, 'outbox drained');
    const history = await reloaded.listMessages(query.id, { after: 0 });
    expect(history.map((m) => m.body)).toEqual(['first', 'one', 'two', 'three']);
    expect(history.slice(1).map((m) => m.clientId)).toEqual(sent.map((s) => s.message.clientId));
  });

  it('waits out rate_limited and stores every message once, in order', async () => {
    const limited = await startTestServer({ rateLimitMessages: 2 });
    try {
      const customer = await connectCustomer(limited.server.url);
      const query = await customer.createQuery({ subject: 'Fast typist', body: 'start' });
      const conversation = customer.conversation(query.id);
      const sends = Array.from({ length: 12 }, (_, i) => conversation.send(`burst ${i}`));
      await waitFor(conversation.state, (s) => s.messages.some((m) => m.error?.code === 'rate_limited'), 10_000, 'a rate-limited wait');
      const stored = await Promise.all(sends.map((s) => s.done));
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      const history = await customer.listMessages(query.id, { after: 0 });
      expect(history.map((m) => m.body)).toEqual(['start', ...sends.map((_, i) => `burst ${i}`)]);
    } finally {
      await closeClients();
      await limited.close();
    }
  });

  it('a message to someone else’s query fails for good with forbidden, shown as failed', async () => {
    const owner = await connectCustomer(url, { name: 'Owner' });
    const query = await owner.createQuery({ subject: 'Mine', body: 'private' });
    const intruder = await connectCustomer(url, { name: 'Intruder' });
    const conversation = intruder.conversation(query.id);
    await waitFor(conversation.state, (s) => s.error?.code === 'forbidden', 5_000, 'join refused');
    const { done } = conversation.send('let me in');
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe('forbidden');
    expect(conversation.state.getSnapshot().messages.at(-1)).toMatchObject({ delivery: 'failed', error: { code: 'forbidden' } });
    expect(intruder.pendingCount.getSnapshot()).toBe(0);
    await expect(intruder.getQuery(query.id)).rejects.toMatchObject({ code: 'forbidden', status: 403 });

    // retry() sends it again (and the server refuses again); discard() removes it for good.
    const failed = conversation.state.getSnapshot().messages.at(-1)!;
    conversation.retry(failed.clientId);
    expect(conversation.state.getSnapshot().messages.at(-1)).toMatchObject({ clientId: failed.clientId, delivery: 'pending' });
    await waitFor(conversation.state, (s) => s.messages.at(-1)?.delivery === 'failed', 5_000, 'refused again');
    conversation.discard(failed.clientId);
    expect(conversation.state.getSnapshot().messages.some((m) => m.clientId === failed.clientId)).toBe(false);
  });

  it('a message discarded before it was sent never reaches the server; the next one is sent', async () => {
    const storage = memoryStorage();
    const writer = await connectCustomer(url, { storage });
    const query = await writer.createQuery({ subject: 'Changed my mind', body: 'first' });
    const session = writer.session.getSnapshot();
    await writer.close();
    const offline = track(new CustomerClient({ baseUrl: url, session, storage }));
    const conversation = offline.conversation(query.id);
    const regret = conversation.send('regret');
    const keep = conversation.send('keep');
    conversation.discard(regret.message.clientId);
    await expect(regret.done).rejects.toBeInstanceOf(ParleyError);
    expect(conversation.state.getSnapshot().messages.map((m) => m.body)).toEqual(['keep']);
    offline.connect();
    await expect(keep.done).resolves.toMatchObject({ seq: 2 });
    expect((await offline.listMessages(query.id, { after: 0 })).map((m) => m.body)).toEqual(['first', 'keep']);
  });
});
