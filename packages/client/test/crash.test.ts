/**
 * A server crash, not a graceful restart: the node is SIGKILLed while both
 * sides send, after it committed messages whose acks never left it. Started
 * again on the same data directory, the clients resend with the same
 * clientIds: each message ends up stored exactly once, every promise resolves,
 * and both sides hold the same list 1..N.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentClient, Conversation, ConversationState, CustomerClient } from '../src/index.js';
import { closeClients, connectAgent, connectCustomer } from './support/clients.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { sleep, waitFor } from './support/wait.js';

let server: ServerProcess;
let customerLink: TcpProxy;
let agentLink: TcpProxy;

beforeEach(async () => {
  server = await startServerProcess();
  customerLink = await TcpProxy.start(server.port);
  agentLink = await TcpProxy.start(server.port);
});
afterEach(async () => {
  await closeClients();
  await customerLink.close();
  await agentLink.close();
  await server.close();
});

describe('server crash', () => {
  it('messages committed but never acked before a SIGKILL are stored exactly once after the restart', async () => {
    const customer: CustomerClient = await connectCustomer(customerLink.url);
    const agent: AgentClient = await connectAgent(agentLink.url);
    const queryId = (await customer.createQuery({ subject: 'Crash', body: 'first' })).id;
    const customerSide: Conversation = customer.conversation(queryId);
    const agentSide: Conversation = agent.conversation(queryId);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);

    // From now on nothing the server says reaches the customer: what it commits is never acked.
    customerLink.hold('down');
    const sends = Array.from({ length: 30 }, (_, i) => [customerSide.send(`c${i}`), agentSide.send(`a${i}`)]).flat();
    // Let the server commit some of them (the customer's first one at least) before it dies.
    await sleep(300);
    const committed = await agent.listMessages(queryId, { after: 1, limit: 500 });
    // The proof needs customer messages that are stored but whose acks the customer never got.
    expect(committed.filter((m) => m.author.id === customer.user.id).length).toBeGreaterThan(0);
    await server.kill();
    customerLink.release();
    await server.restart();
    customerLink.setTarget(server.port);
    agentLink.setTarget(server.port);

    const results = await Promise.allSettled(sends.map((s) => s.done));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const n = 61;
    const done = (s: ConversationState) => s.joined && s.messages.length === n && s.messages.every((m, i) => m.seq === i + 1);
    await waitFor(customerSide.state, done, 30_000, 'customer list');
    await waitFor(agentSide.state, done, 30_000, 'agent list');
    const history = await customer.listMessages(queryId, { after: 0, limit: 500 });
    expect(history).toHaveLength(n);
    expect(new Set(history.map((m) => m.clientId)).size).toBe(n);
    expect(history.map((m) => `${m.seq}:${m.clientId}`)).toEqual(customerSide.state.getSnapshot().messages.map((m) => `${m.seq}:${m.clientId}`));
    expect(agentSide.state.getSnapshot().messages.map((m) => m.clientId)).toEqual(history.map((m) => m.clientId));
    // Each side's messages in send order.
    const bodies = history.map((m) => m.body);
    expect(bodies.filter((b) => /^c\d+$/.test(b))).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`));
    expect(bodies.filter((b) => /^a\d+$/.test(b))).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`));
  });
});
