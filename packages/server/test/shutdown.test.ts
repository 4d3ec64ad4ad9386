/** Graceful shutdown: in-flight messages still commit and are acked; sockets are told why; SIGTERM exits 0. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { storedSeqs } from './support/database.js';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { startTestServer, tempDataDir, type TestServer } from './support/server.js';
import { call, connectAs, until, type AnySocket } from './support/sockets.js';

const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('graceful shutdown', () => {
  let server: TestServer;
  const sockets: AnySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await server?.dispose();
  });

  it('a message in flight when close() starts is committed and acked; sockets get server:closing and a reconnectable close', async () => {
    // A long group-commit delay keeps the message queued (not yet committed) when close() begins.
    server = await startTestServer({ commit: { mode: 'group', maxBatch: 256, delayMs: 2000 } });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const agent = await login(server.url);
    const customerSocket = await connectAs(server.url, '/chat', customer.token);
    const agentSocket = await connectAs(server.url, '/admin', agent.token);
    sockets.push(customerSocket, agentSocket);
    const closing: unknown[] = [];
    const reasons: string[] = [];
    for (const s of [customerSocket, agentSocket]) {
      s.on('server:closing', (e: unknown) => closing.push(e));
      s.on('disconnect', (reason: string) => reasons.push(reason));
    }

    const pendingAck = call(customerSocket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'in flight' });
    await until(() => server.store.commitStats().queued === 1, 5000, 'the message to be queued');
    expect(server.store.commitStats().messages).toBe(0);
    const closeStarted = Date.now();
    const closed = server.close();

    const ack = await pendingAck;
    // Shutdown commits the queue at once instead of sitting out the 2 s group-commit delay.
    expect(Date.now() - closeStarted).toBeLessThan(1500);
    expect(ack).toMatchObject({ ok: true, message: { seq: 2, body: 'in flight' } });
    await closed;
    expect(closing).toEqual([{ reason: 'shutdown' }, { reason: 'shutdown' }]);
    await until(() => reasons.length === 2, 2000, 'disconnects');
    // A transport close (not "io server disconnect"): socket.io clients reconnect by themselves.
    expect(reasons.every((r) => r === 'transport close')).toBe(true);
    expect(storedSeqs(server.dataDir, query.id)).toEqual([1, 2]);
  });

  it('refuses new work once shutdown has begun: no new connections at all, late events not stored', async () => {
    server = await startTestServer({ commit: { mode: 'group', maxBatch: 256, delayMs: 2000 } });
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await connectAs(server.url, '/chat', customer.token);
    sockets.push(socket);
    const inFlight = call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'first' });
    await until(() => server.store.commitStats().queued === 1, 5000, 'the message to be queued');
    const closed = server.close();
    // Answered unavailable, or the connection closes first: either way it is not acked ok and not stored.
    const late = await call(socket, 'message:send', { queryId: query.id, clientId: randomUUID(), body: 'too late' }).catch(() => ({ ok: false }));
    expect(late.ok).toBe(false);
    // The listener closed the moment close() began: a refused TCP connection (which socket.io-client retries),
    // not a handshake answered `unavailable` (which it would not).
    const refused = await connectAs(server.url, '/chat', customer.token).then(
      (s) => (sockets.push(s), 'connected'),
      (e: { data?: { code: string }; message: string }) => e.data?.code ?? e.message,
    );
    expect(refused).toBe('websocket error');
    expect((await inFlight).ok).toBe(true);
    await closed;
    expect(storedSeqs(server.dataDir, query.id)).toEqual([1, 2]);
  });

  it('node dist/main.js exits 0 on SIGTERM after serving', async () => {
    expect(existsSync(mainJs), 'build the server first (npm run build)').toBe(true);
    const dataDir = tempDataDir();
    const child = spawn(process.execPath, [mainJs], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ADMIN_EMAIL: 'boss@example.test', ADMIN_PASSWORD: 'boss-password-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => /"msg":"Parley server listening"/.test(output), 10_000, 'server start');
      const url = /"url":"(http:[^"]+)"/.exec(output)![1]!;
      expect((await api(url, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
      const admin = await api(url, 'POST', '/api/auth/login', { body: { email: 'boss@example.test', password: 'boss-password-1' } });
      expect(admin.status).toBe(200);
      const socket = await connectAs(url, '/admin', admin.body.token);
      sockets.push(socket);
      const told = new Promise((resolve) => socket.on('server:closing', resolve));
      child.kill('SIGTERM');
      expect(await told).toEqual({ reason: 'shutdown' });
      expect(await exited).toBe(0);
      expect(output).toMatch(/"msg":"shut down"/);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
