/**
 * What the log says, read from a real server process's stdout: credentials
 * never appear, not even in a URL's query string, and a client that walks away
 * mid-upload is not an error of ours.
 */
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openQuery, signInVisitor } from './support/http.js';
import { spawnServer, type ServerProcess } from './support/process.js';
import { tempDataDir } from './support/server.js';
import { until } from './support/sockets.js';

describe('logs', () => {
  let server: ServerProcess | undefined;
  const dataDir = tempDataDir();
  afterEach(() => {
    server?.child.kill('SIGKILL');
    server = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const lines = () => server!.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('a token in a URL’s query string is redacted from the request log', async () => {
    server = await spawnServer({ DATA_DIR: dataDir, AUTH_RATE_LIMIT: '0' });
    await fetch(`${server.url}/api/queries?token=eyJhbGciOiJIUzI1NiJ9.secret-part.sig&limit=5`);
    await until(() => lines().some((l) => (l.req as { url?: string } | undefined)?.url?.startsWith('/api/queries')), 5000, 'the request line');
    expect(server.output()).not.toContain('secret-part');
    expect(lines().find((l) => (l.req as { url?: string } | undefined)?.url?.startsWith('/api/queries'))?.req).toMatchObject({
      url: '/api/queries?token=[redacted]&limit=5',
    });
  });

  it('an upload the client abandons half way is logged as such, not as an error', async () => {
    server = await spawnServer({ DATA_DIR: dataDir, AUTH_RATE_LIMIT: '0' });
    const visitor = await signInVisitor(server.url);
    const query = await openQuery(server.url, visitor.token);
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const boundary = 'b0undary';
    socket.write(
      `POST /api/queries/${query.id}/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${visitor.token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    socket.write(Buffer.alloc(100_000, 1));
    await until(() => lines().some((l) => l.msg === 'incoming request' && (l.req as { method?: string }).method === 'POST'), 5000, 'the upload started');
    socket.destroy();
    await until(() => lines().some((l) => typeof l.msg === 'string' && l.msg.startsWith('the client closed the connection')), 5000, 'the abandoned upload');
    expect(lines().filter((l) => l.level === 50)).toEqual([]);
  });
});
