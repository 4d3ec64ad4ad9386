/**
 * The reconnection schedule against servers that misbehave in ways the real
 * one cannot be made to: one that accepts each handshake and drops it at once,
 * and an older one that does not know `auth:renew`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerClient, type ConnectionStatus } from '../src/index.js';
import { bareToken, startBareServer, type BareServer } from './support/bare-server.js';
import { closeClients, FAST_BACKOFF, track } from './support/clients.js';
import { waitFor } from './support/wait.js';

let server: BareServer;
const user = { id: 'visitor-1', role: 'customer' as const, name: 'Ada' };

beforeEach(async () => {
  server = await startBareServer();
});
afterEach(async () => {
  await closeClients();
  await server.close();
});

describe('reconnection schedule', () => {
  it('keeps backing off when the server accepts and then drops every connection', async () => {
    server.dropOnConnect = true;
    const client = track(new CustomerClient({ baseUrl: server.url, session: { token: bareToken(user.id, 3600), user }, backoff: FAST_BACKOFF }));
    const seen: ConnectionStatus[] = [];
    client.status.subscribe((s) => seen.push(s));
    client.connect();
    await waitFor(client.status, (s) => s.state === 'reconnecting' && s.attempt >= 5, 15_000, 'five attempts');
    const attempts = seen.flatMap((s) => (s.state === 'reconnecting' ? [s.attempt] : []));
    // Each accepted-then-dropped connection must not reset the schedule to its first window.
    expect(attempts.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(server.handshakes.length).toBeGreaterThanOrEqual(5);
  });

  it('after a shutdown notice, keeps retrying within the first window while the server is down, instead of backing off further', async () => {
    const backoff = { baseMs: 50, capMs: 60_000 };
    const client = track(new CustomerClient({ baseUrl: server.url, session: { token: bareToken(user.id, 3600), user }, backoff }));
    client.connect();
    await waitFor(client.status, (s) => s.state === 'online', 5_000, 'online');
    const waits: number[] = [];
    client.status.subscribe((s) => {
      if (s.state === 'reconnecting') waits.push(s.nextRetryAt - Date.now());
    });
    await server.shutdown();
    await waitFor(client.status, (s) => s.state === 'reconnecting' && s.attempt >= 10, 15_000, 'ten attempts');
    // The first retry spreads the crowd over [0, base·4]; every later one stays within [0, base] — where a plain
    // backoff would draw from ever wider windows (400, 800, 1,600 ms…).
    expect(waits[0]).toBeLessThanOrEqual(backoff.baseMs * 4);
    expect(Math.max(...waits.slice(1, 9))).toBeLessThanOrEqual(backoff.baseMs);
  });

  it('keeps the shutdown schedule when the connection turns stable between the notice and the close', async () => {
    // A client that connected shortly before a restart: its connection turns "stable" (the schedule would start
    // again from the first window) while the server is still draining, after the notice. The notice must win, or
    // the client backs off ever longer while the server is down (up to 15 s after a restart in scenario 4).
    const backoff = { baseMs: 50, capMs: 60_000, stableAfterMs: 300 };
    const client = track(new CustomerClient({ baseUrl: server.url, session: { token: bareToken(user.id, 3600), user }, backoff }));
    client.connect();
    await waitFor(client.status, (s) => s.state === 'online', 5_000, 'online');
    const attempts: number[] = [];
    const waits: number[] = [];
    client.status.subscribe((s) => {
      if (s.state !== 'reconnecting') return;
      attempts.push(s.attempt);
      waits.push(s.nextRetryAt - Date.now());
    });
    await server.shutdown(600);
    await waitFor(client.status, (s) => s.state === 'reconnecting' && s.attempt >= 8, 15_000, 'eight attempts');
    // The notice's schedule: the first retry is attempt 3 (drawn from [0, base·4]), every later one within [0, base].
    expect(attempts[0]).toBe(3);
    expect(waits[0]).toBeLessThanOrEqual(backoff.baseMs * 4);
    expect(Math.max(...waits.slice(1, 6))).toBeLessThanOrEqual(backoff.baseMs);
  });

  it('shows connecting while an attempt is under way, not a next try time in the past', async () => {
    server.dropOnConnect = true;
    const client = track(new CustomerClient({ baseUrl: server.url, session: { token: bareToken(user.id, 3600), user }, backoff: FAST_BACKOFF }));
    const states: string[] = [];
    client.status.subscribe((s) => states.push(s.state));
    client.connect();
    await waitFor(client.status, (s) => s.state === 'reconnecting' && s.attempt >= 3, 15_000, 'three attempts');
    const afterWaits = states.flatMap((state, i) => (state === 'reconnecting' && i + 1 < states.length ? [states[i + 1]] : []));
    expect(afterWaits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(afterWaits)).toEqual(new Set(['connecting']));
  });

  it('on a server without auth:renew, reconnects on purpose with the renewed token before the old one expires', async () => {
    const old = bareToken(user.id, 6);
    const fresh = bareToken(user.id, 3600);
    // Visitor renewal goes to REST: answered here, since the bare server has none.
    const fetchStub = (async () =>
      new Response(JSON.stringify({ token: fresh, customer: { id: user.id, name: user.name }, resumeKey: 'rk' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    const client = track(new CustomerClient({ baseUrl: server.url, session: { token: old, user, resumeKey: 'rk' }, backoff: FAST_BACKOFF, fetch: fetchStub }));
    client.connect();
    await waitFor(client.status, (s) => s.state === 'online', 10_000, 'online');
    const states: string[] = [];
    client.status.subscribe((s) => states.push(s.state));
    // Half-way through the 6 s token the keeper renews; auth:renew is unknown → planned reconnect.
    await waitFor({ getSnapshot: () => server.handshakes.length, subscribe: (l) => client.status.subscribe(() => l(server.handshakes.length)) }, (n) => n >= 2, 10_000, 'second handshake');
    await waitFor(client.status, (s) => s.state === 'online', 10_000, 'online again');
    expect(server.handshakes).toEqual([old, fresh]);
    expect(server.expiryCuts).toBe(0);
    expect(states).not.toContain('reconnecting');
    expect(states).toEqual(['connecting', 'online']);
  });
});
