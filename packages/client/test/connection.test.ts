/**
 * Connection status and reconnection against the real server: the status a UI
 * shows while the server is unreachable, the browser's online/offline events,
 * and what is kept while offline.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../src/index.js';
import { closeClients, connectCustomer } from './support/clients.js';
import { startTestServer, type TestServer } from './support/server.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { waitFor } from './support/wait.js';

let server: TestServer;
let link: TcpProxy;

beforeAll(async () => {
  server = await startTestServer({ recoveryWindowMs: 0 });
  link = await TcpProxy.start(server.server.port);
});
afterEach(async () => {
  await closeClients();
  link.refuse(false);
  delete (globalThis as { window?: unknown }).window;
});
afterAll(async () => {
  await link.close();
  await server.close();
});

describe('connection status', () => {
  it('shows reconnecting with a growing attempt count and the next try time while the server is unreachable', async () => {
    const client = await connectCustomer(link.url);
    const seen: ConnectionStatus[] = [];
    client.status.subscribe((s) => seen.push(s));
    link.refuse(true);
    link.cutAll();
    const waiting = await waitFor(client.status, (s) => s.state === 'reconnecting' && s.attempt >= 3, 10_000, 'three failed attempts');
    expect(waiting).toMatchObject({ state: 'reconnecting', lastError: { code: 'unavailable' } });
    if (waiting.state === 'reconnecting') expect(waiting.nextRetryAt).toBeGreaterThan(Date.now() - 1_000);
    const attempts = seen.flatMap((s) => (s.state === 'reconnecting' ? [s.attempt] : []));
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    link.refuse(false);
    await waitFor(client.status, (s) => s.state === 'online', 10_000, 'back online');
  });

  it('honours the browser going offline: stops, keeps messages pending, and sends them when it is back', async () => {
    // A browser-like window before connect(): the SDK listens to its online/offline events.
    const window = new EventTarget();
    (globalThis as { window?: unknown }).window = window;
    const client = await connectCustomer(link.url);
    const query = await client.createQuery({ subject: 'Train tunnel', body: 'hello' });
    const conversation = client.conversation(query.id);
    await waitFor(conversation.state, (s) => s.joined);

    window.dispatchEvent(new Event('offline'));
    expect(client.status.getSnapshot()).toEqual({ state: 'offline', reason: 'browser_offline' });
    const sent = conversation.send('written in the tunnel');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.pendingCount.getSnapshot()).toBe(1);
    expect(client.status.getSnapshot().state).toBe('offline');

    window.dispatchEvent(new Event('online'));
    await expect(sent.done).resolves.toMatchObject({ seq: 2 });
    expect(client.status.getSnapshot().state).toBe('online');
    expect(conversation.state.getSnapshot().messages.map((m) => [m.seq, m.delivery])).toEqual([
      [1, 'sent'],
      [2, 'sent'],
    ]);
  });

  it('close() stops reconnecting for good and reports stopped', async () => {
    const client = await connectCustomer(link.url);
    link.cutAll();
    await waitFor(client.status, (s) => s.state === 'reconnecting');
    await client.close();
    expect(client.status.getSnapshot()).toEqual({ state: 'offline', reason: 'stopped' });
    const accepted = link.accepted;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(link.accepted).toBe(accepted);
  });
});
