/** Health, metrics, static apps, headers, and the start-up checks. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';
import { api, login, openQuery, signInVisitor } from './support/http.js';
import { freePort } from '../../../deploy/cluster/free-port.ts';
import { startTestServer, tempDataDir, type TestServer } from './support/server.js';
import { call, connectAs } from './support/sockets.js';

describe('http', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  it('/healthz and /readyz answer ok (the shutdown answer is covered in src/http/shutdown-gate.test.ts)', async () => {
    server = await startTestServer();
    expect((await api(server.url, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await api(server.url, 'GET', '/readyz')).body).toEqual({ status: 'ok' });
  });

  it('/metrics without METRICS_TOKEN answers this host only, not a client relayed by a proxy', async () => {
    server = await startTestServer({ trustProxy: ['loopback'] });
    expect((await api(server.url, 'GET', '/metrics')).status).toBe(200);
    const relayed = await api(server.url, 'GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.5' } });
    expect(relayed.status).toBe(403);
    expect(relayed.body.error.message).toMatch(/METRICS_TOKEN/);
  });

  it('/metrics exposes Parley metrics and requires METRICS_TOKEN when set', async () => {
    server = await startTestServer({ metricsToken: 'scrape-me' });
    expect((await api(server.url, 'GET', '/metrics')).status).toBe(401);
    const res = await api(server.url, 'GET', '/metrics', { headers: { authorization: 'Bearer scrape-me' } });
    expect(res.status).toBe(200);
    for (const name of ['parley_messages_stored_total', 'parley_commit_batch_size', 'parley_ack_latency_seconds', 'parley_connected_sockets', 'nodejs_eventloop_lag']) {
      expect(res.body).toContain(name);
    }
    // Counted without holding the event loop (open-descriptors.ts); the gauges that list every handle are gone.
    if (process.platform === 'linux') expect(res.body).toMatch(/^process_open_fds [1-9]\d*$/m);
    expect(res.body).not.toMatch(/^nodejs_active_(handles|resources)/m);
  });

  it('parley_messages_stored_total counts each stored message once: retries and refused sends are not counted', async () => {
    server = await startTestServer();
    const customer = await signInVisitor(server.url);
    const query = await openQuery(server.url, customer.token);
    const socket = await connectAs(server.url, '/chat', customer.token);
    const clientId = randomUUID();
    for (let i = 0; i < 3; i++) expect((await call(socket, 'message:send', { queryId: query.id, clientId, body: 'once' })).ok).toBe(true);
    const other = await signInVisitor(server.url);
    const otherQuery = await openQuery(server.url, other.token);
    expect((await call(socket, 'message:send', { queryId: otherQuery.id, clientId: randomUUID(), body: 'not mine' })).ok).toBe(false);
    socket.close();
    const text = (await api(server.url, 'GET', '/metrics')).body as string;
    expect(text).toMatch(/^parley_messages_stored_total 1$/m);
  });

  it('serves /widget.js to any site that loads it with <script src> (CORP cross-origin), and 404 until it is built', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toContain('parley:hello');
    // Everything else keeps same-origin.
    expect((await fetch(`${server.url}/healthz`)).headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const dir = tempDataDir();
    const unbuilt = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', logLevel: 'silent', widgetScript: join(dir, 'missing.js') });
    try {
      const missing = await fetch(`${unbuilt.url}/widget.js`);
      expect(missing.status).toBe(404);
      expect((await missing.json()) as unknown).toMatchObject({ error: { code: 'not_found', message: 'the widget is not built (npm run build)' } });
    } finally {
      await unbuilt.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends security headers and a request id; CORS only for configured origins', async () => {
    server = await startTestServer({ corsOrigins: ['https://shop.example'] });
    const res = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://shop.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    // Sockets and fetches only to our own origin: no scheme-wide `ws:`/`wss:` source.
    expect(csp).toMatch(/connect-src 'self' data:(;|$)/);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // A preflight for every method the API uses: an allowed origin can PATCH and DELETE too.
    for (const method of ['PATCH', 'DELETE']) {
      const preflight = await fetch(`${server.url}/api/queries/${randomUUID()}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')?.split(',').map((m) => m.trim())).toContain(method);
    }
  });

  it('serves placeholder pages until the web apps are built, never shadowing the API', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-nodist-'));
    server = await startTestServer({ customerDist: join(empty, 'c'), adminDist: join(empty, 'a') });
    const home = await fetch(`${server.url}/`);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('customer app');
    expect(await (await fetch(`${server.url}/admin/queue`)).text()).toContain('admin console');
    expect((await fetch(`${server.url}/admin`, { redirect: 'manual' })).headers.get('location')).toBe('/admin/');
    expect((await api(server.url, 'GET', '/api/unknown')).body.error.code).toBe('not_found');
    rmSync(empty, { recursive: true, force: true });
  });

  it('serves built apps with an SPA fallback to each index.html', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
    for (const app of ['customer', 'admin']) {
      mkdirSync(join(dist, app));
      writeFileSync(join(dist, app, 'index.html'), `<html>${app} app</html>`);
      writeFileSync(join(dist, app, 'main.js'), `console.log('${app}')`);
    }
    server = await startTestServer({ customerDist: join(dist, 'customer'), adminDist: join(dist, 'admin') });
    expect(await (await fetch(`${server.url}/`)).text()).toBe('<html>customer app</html>');
    expect(await (await fetch(`${server.url}/queries/123`)).text()).toBe('<html>customer app</html>');
    expect(await (await fetch(`${server.url}/main.js`)).text()).toBe("console.log('customer')");
    expect(await (await fetch(`${server.url}/admin/`)).text()).toBe('<html>admin app</html>');
    expect(await (await fetch(`${server.url}/admin/conversations/1`)).text()).toBe('<html>admin app</html>');
    expect(await (await fetch(`${server.url}/admin/main.js`)).text()).toBe("console.log('admin')");
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
    expect((await api(server.url, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: 'a@b.test', password: 'x' } })).status).toBe(401);
    rmSync(dist, { recursive: true, force: true });
  });

  it('keeps a generated JWT secret in DATA_DIR (mode 0600) so tokens survive a restart', async () => {
    const dataDir = tempDataDir();
    server = await startTestServer({ dataDir, jwtSecret: undefined });
    const { token } = await login(server.url);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    await server.close();
    server = await startTestServer({ dataDir, jwtSecret: undefined });
    expect((await api(server.url, 'GET', '/api/queries', { token })).status).toBe(200);
  });

  it('refuses to start when PostgreSQL cannot be reached, saying where (without the password)', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const start = startServer({ dataDir, port: 0, logLevel: 'silent', databaseUrl: `postgres://parley:s3cret@127.0.0.1:${port}/parley` });
    await expect(start).rejects.toThrow(/cannot open the store \(PostgreSQL at postgres:\/\/parley:\*\*\*@127\.0\.0\.1:\d+\/parley\)/);
    await expect(start).rejects.not.toThrow(/s3cret/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses REDIS_URL without DATABASE_URL: two nodes would each keep their own SQLite file', async () => {
    const dataDir = tempDataDir();
    await expect(startServer({ dataDir, port: 0, logLevel: 'silent', redisUrl: 'redis://127.0.0.1:6379' })).rejects.toThrow(/without DATABASE_URL/);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
