/**
 * The guarantees under fire: a TCP proxy between each SDK client and the real
 * server cuts connections mid-send and mid-receive, the server restarts on the
 * same data directory, and links flap during a 2×200-message burst. At the end
 * both sides must hold the identical list, seq 1..N, no gap, no duplicate, with
 * every send promise settled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentClient, Conversation, ConversationState, CustomerClient } from '../src/index.js';
import { closeClients, connectAgent, connectCustomer } from './support/clients.js';
import { startTestServer, type TestServer } from './support/server.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { sleep, waitFor } from './support/wait.js';

let server: TestServer;
let customerLink: TcpProxy;
let agentLink: TcpProxy;
let customer: CustomerClient;
let agent: AgentClient;
let queryId: string;
let customerSide: Conversation;
let agentSide: Conversation;

/**
 * Run twice: with Socket.IO's connection state recovery off (the SDK's own
 * resume does all the work) and on (what production runs), so correctness is
 * shown not to depend on it.
 */
describe.each([
  { recovery: 'off', recoveryWindowMs: 0 },
  { recovery: 'on', recoveryWindowMs: 30_000 },
])('resilience through a flaky link (connection state recovery $recovery)', ({ recoveryWindowMs }) => {
  beforeEach(async () => {
    server = await startTestServer({ rateLimitMessages: 0, recoveryWindowMs });
    customerLink = await TcpProxy.start(server.server.port);
    agentLink = await TcpProxy.start(server.server.port);
    customer = await connectCustomer(customerLink.url);
    agent = await connectAgent(agentLink.url);
    queryId = (await customer.createQuery({ subject: 'Under fire', body: 'first' })).id;
    customerSide = customer.conversation(queryId);
    agentSide = agent.conversation(queryId);
    await waitFor(customerSide.state, (s) => s.joined && s.messages.length === 1);
    await waitFor(agentSide.state, (s) => s.joined && s.messages.length === 1);
  });

  afterEach(async () => {
    await closeClients();
    await customerLink.close();
    await agentLink.close();
    await server.close();
  });

  /** What a list is, for comparing sides: stored messages only, by seq and clientId. */
  const stored = (c: Conversation) => c.state.getSnapshot().messages.map((m) => `${m.seq}:${m.clientId}`);

  /** Both sides settled on the same n stored messages, seq 1..n, nothing pending. */
  async function converged(n: number, timeoutMs = 30_000): Promise<void> {
    const done = (s: ConversationState) => s.joined && s.messages.length === n && s.messages.every((m, i) => m.seq === i + 1);
    await waitFor(customerSide.state, done, timeoutMs, `customer list of ${n}`);
    await waitFor(agentSide.state, done, timeoutMs, `agent list of ${n}`);
    expect(stored(customerSide)).toEqual(stored(agentSide));
    const history = await customer.listMessages(queryId, { after: 0, limit: 500 });
    expect(history.map((m) => `${m.seq}:${m.clientId}`)).toEqual(stored(customerSide));
    expect(new Set(history.map((m) => m.clientId)).size).toBe(n);
  }

  it('a message cut mid-send is stored once and its promise resolves after the reconnect', async () => {
    const cut = customerLink.cutMidNext('up');
    const sent = customerSide.send('cut while sending');
    await cut;
    expect(customerSide.state.getSnapshot().messages.at(-1)).toMatchObject({ delivery: 'pending', seq: null });
    await expect(sent.done).resolves.toMatchObject({ seq: 2, clientId: sent.message.clientId });
    await converged(2);
  });

  it('an ack cut mid-receive: the resend with the same clientId gets the stored message, no duplicate', async () => {
    const cut = customerLink.cutMidNext('down');
    const sent = customerSide.send('ack lost on the way back');
    await cut;
    const message = await sent.done;
    expect(message.seq).toBe(2);
    await converged(2);
  });

  it('a broadcast cut mid-receive is recovered by the re-join with afterSeq', async () => {
    const cut = customerLink.cutMidNext('down');
    await agentSide.send('you will get this after the reconnect').done;
    await cut;
    await converged(2);
    expect(customerLink.cuts).toBeGreaterThanOrEqual(1);
  });

  it('survives a server restart on the same data dir: sends in flight complete, both sides resume', async () => {
    const states: string[] = [];
    customer.status.subscribe((status) => states.push(status.state));
    const before = Array.from({ length: 20 }, (_, i) => (i % 2 ? customerSide : agentSide).send(`before restart ${i}`));
    const restarted = server.restart().then((next) => {
      customerLink.setTarget(next.port);
      agentLink.setTarget(next.port);
    });
    const during = Array.from({ length: 20 }, (_, i) => (i % 2 ? agentSide : customerSide).send(`during restart ${i}`));
    await restarted;
    await waitFor(customer.status, (s) => s.state === 'online', 10_000, 'customer back online');
    const results = await Promise.allSettled([...before, ...during].map((s) => s.done));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await converged(41);
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('online');
    // Per side, messages kept their send order.
    const bodies = customerSide.state.getSnapshot().messages.map((m) => m.body);
    const customerBodies = bodies.filter((_, i) => customerSide.state.getSnapshot().messages[i]!.author.id === customer.user.id);
    const sentByCustomer = ['first', ...[...before, ...during].filter((s) => s.message.author.id === customer.user.id).map((s) => s.message.body)];
    expect(customerBodies).toEqual(sentByCustomer);
  });

  it('a burst of 200 messages from each side while the link flaps ends identical on both sides, seq 1..401', async () => {
    let flapping = true;
    const flaps = (async () => {
      while (flapping) {
        await sleep(60 + Math.random() * 200);
        if (!flapping) break;
        const roll = Math.random();
        if (roll < 0.4) customerLink.cutAll();
        else if (roll < 0.8) agentLink.cutAll();
        else {
          customerLink.cutAll();
          agentLink.cutAll();
        }
      }
    })();
    const sends: Array<{ done: Promise<unknown>; body: string; side: 'customer' | 'agent' }> = [];
    for (let i = 0; i < 200; i++) {
      sends.push({ ...customerSide.send(`c${i}`), body: `c${i}`, side: 'customer' });
      sends.push({ ...agentSide.send(`a${i}`), body: `a${i}`, side: 'agent' });
      // Spread the burst a little so flaps land in the middle of it.
      if (i % 20 === 0) await sleep(5);
      // And cut on cue too: on a fast machine the whole burst can be acked between two random
      // flaps, and a test of a flapping link must not pass on a link that barely flapped.
      if (i % 25 === 12) (i % 50 === 12 ? customerLink : agentLink).cutAll();
    }
    const results = await Promise.allSettled(sends.map((s) => s.done));
    flapping = false;
    await flaps;
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(customerLink.cuts + agentLink.cuts).toBeGreaterThan(5);
    await converged(401, 60_000);
    // Each side's own messages are in the order they were sent.
    const bodies = customerSide.state.getSnapshot().messages.map((m) => m.body);
    expect(bodies.filter((b) => /^c\d+$/.test(b))).toEqual(sends.filter((s) => s.side === 'customer').map((s) => s.body));
    expect(bodies.filter((b) => /^a\d+$/.test(b))).toEqual(sends.filter((s) => s.side === 'agent').map((s) => s.body));
  });
});
