/**
 * The client's life around the socket, against the real server behind a TCP
 * proxy: several clients in one process, browser online events, giving up,
 * close(), the live list after a reconnect, and an ack that never comes back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, CustomerClient, signInAgent } from '../src/index.js';
import { closeClients, connectAgent, connectCustomer, FAST_BACKOFF, track } from './support/clients.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, signToken, startTestServer, type TestServer } from './support/server.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { sleep, waitFor } from './support/wait.js';

let server: TestServer;
let link: TcpProxy;

beforeAll(async () => {
  server = await startTestServer({ recoveryWindowMs: 0 });
  link = await TcpProxy.start(server.server.port);
});
afterEach(async () => {
  await closeClients();
  link.refuse(false);
  link.release();
  delete (globalThis as { window?: unknown }).window;
});
afterAll(async () => {
  await link.close();
  await server.close();
});

describe('client lifecycle', () => {
  it('two clients in one process have their own connections: closing one leaves the other working', async () => {
    const url = server.server.url;
    const agent = await connectAgent(url);
    const customer = await connectCustomer(url);
    const other = await connectCustomer(url, { name: 'Other' });
    const query = await other.createQuery({ subject: 'shared origin', body: 'one' });
    const agentSide = agent.conversation(query.id);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
    await customer.close();
    await other.conversation(query.id).send('two').done;
    await waitFor(agentSide.state, (s) => s.messages.length === 2, 5_000, 'the agent still hears the room');
    await expect(agent.assign(query.id)).resolves.toMatchObject({ id: query.id });
    expect(agent.status.getSnapshot().state).toBe('online');
  });

  it('a browser online event while connected leaves the status online', async () => {
    const window = new EventTarget();
    (globalThis as { window?: unknown }).window = window;
    const client = await connectCustomer(link.url);
    const accepted = link.accepted;
    window.dispatchEvent(new Event('online'));
    await sleep(600);
    expect(client.status.getSnapshot()).toEqual({ state: 'online' });
    expect(link.accepted).toBe(accepted);
  });

  it('after auth_failed, a browser online event neither retries the refused token nor asks to sign in again', async () => {
    const window = new EventTarget();
    (globalThis as { window?: unknown }).window = window;
    const { agent, ...session } = await signInAgent(server.server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const expired = signToken({ sub: agent.id, role: agent.role, name: agent.name }, -5);
    let asked = 0;
    const client = track(
      new AgentClient({
        baseUrl: link.url,
        session: { ...session, token: expired },
        backoff: FAST_BACKOFF,
        onSessionExpired: async () => {
          asked++;
          return null;
        },
      }),
    );
    client.connect();
    await waitFor(client.status, (s) => s.state === 'offline' && s.reason === 'auth_failed');
    const accepted = link.accepted;
    window.dispatchEvent(new Event('online'));
    await sleep(800);
    expect(asked).toBe(1);
    expect(link.accepted).toBe(accepted);
    expect(client.status.getSnapshot()).toMatchObject({ state: 'offline', reason: 'auth_failed' });
  });

  it('close() disposes open conversations: conversation() afterwards opens a fresh one', async () => {
    const client = await connectCustomer(link.url);
    const query = await client.createQuery({ subject: 'closing', body: 'hi' });
    const before = client.conversation(query.id);
    await client.close();
    expect(client.conversation(query.id)).not.toBe(before);
  });

  it('after a reconnect the agent’s filtered list drops a query that left the filter while away', async () => {
    const watcher = await connectAgent(server.server.url, { socketUrl: link.url });
    await watcher.loadQueries({ status: 'open' });
    const customer = await connectCustomer(server.server.url);
    const query = await customer.createQuery({ subject: 'resolved while away', body: 'hi' });
    await waitFor(watcher.queries, (s) => s.items.some((q) => q.id === query.id), 5_000, 'query:created');
    link.refuse(true);
    link.cutAll();
    await waitFor(watcher.status, (s) => s.state === 'reconnecting');
    const colleague = await connectAgent(server.server.url);
    await colleague.resolve(query.id);
    link.refuse(false);
    await waitFor(watcher.status, (s) => s.state === 'online', 10_000, 'back online');
    await waitFor(watcher.queries, (s) => !s.items.some((q) => q.id === query.id), 5_000, 'resolved query gone from the open list');
  });

  it('an ack that never comes is resent on the same connection after the ack timeout, stored once', async () => {
    const session = (await connectCustomer(server.server.url)).session.getSnapshot();
    const client = track(new CustomerClient({ baseUrl: link.url, session, backoff: FAST_BACKOFF, ackTimeoutMs: 400 }));
    client.connect();
    await waitFor(client.status, (s) => s.state === 'online');
    const query = await client.createQuery({ subject: 'slow acks', body: 'first' });
    const conversation = client.conversation(query.id);
    await waitFor(conversation.state, (s) => s.joined);
    const accepted = link.accepted;
    link.hold('down');
    const sent = conversation.send('stalled');
    await sleep(1_000);
    link.release();
    await expect(sent.done).resolves.toMatchObject({ seq: 2 });
    expect(link.accepted).toBe(accepted);
    const history = await client.listMessages(query.id, { after: 0 });
    expect(history.map((m) => m.body)).toEqual(['first', 'stalled']);
  });
});
