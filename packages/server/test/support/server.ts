import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ParleyServer, type ServerConfig } from '../../src/index.js';

export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'admin-password-1';
export const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const IDENTITY_SECRET = 'identity-secret-for-tests';

export interface TestServer extends ParleyServer {
  dataDir: string;
  /** Closes the server (if still open) and deletes its DATA_DIR. */
  dispose(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'parley-test-'));
}

/** A real server on port 0 with its own DATA_DIR, silent logs and generous limits unless overridden. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    jwtSecret: JWT_SECRET,
    identitySecret: IDENTITY_SECRET,
    rateLimitMessages: 0,
    handshakeRateLimit: 0,
    eventRateLimit: 0,
    joinRateLimit: 0,
    restRateLimit: 0,
    authRateLimit: 0,
    customerMessagesPerMinute: 0,
    customerMessagesPerMinutePerIp: 0,
    typingRateLimit: 0,
    packetRateLimit: 0,
    maxSocketsPerUser: 0,
    maxConnectionsPerIp: 0,
    maxOpenQueries: 0,
    queriesPerHour: 0,
    queriesPerHourPerIp: 0,
    refusalDelayMs: 0,
    ...overrides,
    dataDir,
  });
  return {
    ...server,
    close: () => server.close(),
    dataDir,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
