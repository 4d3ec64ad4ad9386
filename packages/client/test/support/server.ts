/** Starts the real Parley server in-process for the client's integration tests. */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIdentityToken, startServer, type ParleyServer } from '@parley/server';

export const ADMIN_EMAIL = 'admin@parley.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const JWT_SECRET = 'client-integration-tests-secret-0123456789abcdef';
export const IDENTITY_SECRET = 'client-integration-identity-secret';

export interface TestServer {
  server: ParleyServer;
  dataDir: string;
  /** Closes the server and starts a new one on the same data directory (and, if free, the same port). */
  restart(): Promise<ParleyServer>;
  close(): Promise<void>;
}

export async function startTestServer(options: { rateLimitMessages?: number; recoveryWindowMs?: number } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-client-test-'));
  const start = (port: number) =>
    startServer({
      dataDir,
      port,
      host: '127.0.0.1',
      logLevel: 'silent',
      adminEmail: ADMIN_EMAIL,
      adminPassword: ADMIN_PASSWORD,
      jwtSecret: JWT_SECRET,
      identitySecret: IDENTITY_SECRET,
      rateLimitMessages: options.rateLimitMessages ?? 0,
      // Many test clients share 127.0.0.1 and one admin: per-IP and per-user limits are not what these tests are about.
      handshakeRateLimit: 0,
      restRateLimit: 0,
      authRateLimit: 0,
      customerMessagesPerMinute: 0,
      customerMessagesPerMinutePerIp: 0,
      typingRateLimit: 0,
      maxSocketsPerUser: 0,
      maxConnectionsPerIp: 0,
      maxOpenQueries: 0,
      queriesPerHour: 0,
      queriesPerHourPerIp: 0,
      refusalDelayMs: 0,
      ...(options.recoveryWindowMs !== undefined ? { recoveryWindowMs: options.recoveryWindowMs } : {}),
    });
  const handle: TestServer = {
    server: await start(0),
    dataDir,
    async restart() {
      await handle.server.close();
      handle.server = await start(0);
      return handle.server;
    },
    async close() {
      await handle.server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** An HS256 JWT as the server signs them, with any expiry: how the tests get an expired token. */
export function signToken(claims: { sub: string; role: string; name: string }, expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iss: 'parley', iat: now - 3600, exp: now + expiresInSeconds })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

/** An identity as a host's backend signs it. */
export function signedIdentity(identity: { externalId: string; name?: string; email?: string }): Promise<string> {
  return signIdentityToken(identity, IDENTITY_SECRET);
}
