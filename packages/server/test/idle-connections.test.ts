/**
 * Idle TCP connections must not exhaust the node's descriptors: a connection
 * silent past FIRST_REQUEST_TIMEOUT_MS is closed, and one client address holds
 * at most MAX_CONNECTIONS_PER_IP connections (trusted proxies excepted).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
const raw: Socket[] = [];
afterEach(async () => {
  for (const s of raw.splice(0)) s.destroy();
  await server?.dispose();
});

function dial(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    raw.push(socket);
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

/** Sends one request on the connection and resolves with the status line of the answer. */
function ask(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk) => resolve(String(chunk).split('\r\n')[0]!));
    socket.write('GET /healthz HTTP/1.1\r\nHost: parley.test\r\n\r\n');
  });
}

describe('idle connections', () => {
  it('a connection that sends nothing is closed after the first-request timeout', async () => {
    server = await startTestServer({ firstRequestTimeoutMs: 300 });
    const started = performance.now();
    const silent = await dial();
    await closed(silent);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('a connection that made its request in time stays open for the next one (keep-alive)', async () => {
    server = await startTestServer({ firstRequestTimeoutMs: 300 });
    const socket = await dial();
    expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
    // Past the first-request timeout: the timer was cleared by the first request.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
  });

  it('one address holds at most maxConnectionsPerIp connections: the next is closed at once', async () => {
    server = await startTestServer({ maxConnectionsPerIp: 2 });
    const [first, second] = [await dial(), await dial()];
    const third = await dial();
    await closed(third);
    expect(first.closed || second.closed).toBe(false);
    expect(await ask(first)).toBe('HTTP/1.1 200 OK');
    first.destroy();
    await closed(first);
    // The server counts the close when it sees it: retry until a place is free.
    let fourth: Socket | null = null;
    while (!fourth) {
      const attempt = await dial();
      const answer = await Promise.race([ask(attempt), closed(attempt).then(() => null)]);
      if (answer) fourth = attempt;
    }
    expect(await ask(second)).toBe('HTTP/1.1 200 OK');
  });

  it('connections from a trusted proxy are not counted against it', async () => {
    server = await startTestServer({ maxConnectionsPerIp: 2, trustProxy: ['loopback'] });
    const sockets = await Promise.all([1, 2, 3, 4].map(() => dial()));
    for (const socket of sockets) expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
  });
});
