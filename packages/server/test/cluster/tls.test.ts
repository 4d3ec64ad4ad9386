/**
 * A single node serving HTTPS and WSS itself (TLS_CERT, TLS_KEY), with a
 * certificate made for the test: REST, a WebSocket and a long-polling socket,
 * each verifying the certificate like any client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls, getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../../../deploy/cluster/certificate.ts';
import { startServer } from '../../src/index.js';
import { login, openQuery, signInVisitor } from '../support/http.js';
import { startTestServer, tempDataDir, type TestServer } from '../support/server.js';
import { call, connectAs } from '../support/sockets.js';

describe('TLS on the node itself', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-tls-'));
    const certificate = makeCertificate(dir);
    setDefaultCACertificates([...getCACertificates('default'), certificate.cert]);
    server = await startTestServer({ tlsCert: certificate.certPath, tlsKey: certificate.keyPath });
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves REST over HTTPS and says so in its URL', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await expect(fetch(server.url.replace('https:', 'http:') + '/readyz')).rejects.toThrow();
  });

  it('carries a conversation over WSS and over long-polling on HTTPS', async () => {
    const visitor = await signInVisitor(server.url);
    const query = await openQuery(server.url, visitor.token);
    const admin = await login(server.url);
    const ws = await connectAs(server.url, '/chat', visitor.token, { transports: ['websocket'] });
    const polling = await connectAs(server.url, '/admin', admin.token, { transports: ['polling'] });
    try {
      expect((await call(ws, 'query:join', { queryId: query.id })).ok).toBe(true);
      expect((await call(polling, 'query:join', { queryId: query.id })).ok).toBe(true);
      expect(await call(ws, 'message:send', { queryId: query.id, clientId: crypto.randomUUID(), body: 'over wss' })).toMatchObject({ ok: true, message: { seq: 2 } });
      expect(await call(polling, 'message:send', { queryId: query.id, clientId: crypto.randomUUID(), body: 'over https polling' })).toMatchObject({ ok: true, message: { seq: 3 } });
    } finally {
      ws.close();
      polling.close();
    }
  });

  it('closes a connection that finished its TLS handshake but sent no request in time', async () => {
    const quick = await startTestServer({ tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem'), firstRequestTimeoutMs: 300 });
    try {
      const socket = connectTls({ host: '127.0.0.1', port: quick.port, servername: 'localhost' });
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      const started = performance.now();
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    } finally {
      await quick.dispose();
    }
  });

  it('refuses to start with a certificate it cannot read, naming the variable', async () => {
    const dataDir = tempDataDir();
    await expect(startServer({ dataDir, port: 0, logLevel: 'silent', tlsCert: join(dir, 'missing.pem'), tlsKey: join(dir, 'key.pem') })).rejects.toThrow(
      /TLS_CERT: cannot read .*missing\.pem \(ENOENT\)/,
    );
    rmSync(dataDir, { recursive: true, force: true });
  });
});
