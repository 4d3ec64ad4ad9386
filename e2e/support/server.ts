import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type ParleyServer, type ServerConfig } from '@parley/server';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Fails fast, with the fix in the message, when a web app has not been built, or was built
 * before its sources last changed (a stale build tests yesterday's code).
 */
export function assertBuilt(app: 'admin' | 'customer'): void {
  const built = join(repoRoot, `apps/${app}/dist/browser/index.html`);
  if (!existsSync(built)) {
    throw new Error(`apps/${app} is not built: run \`npm run build\` before the e2e tests`);
  }
  const source = newestFile(join(repoRoot, `apps/${app}/src`));
  if (source && source.mtimeMs > statSync(built).mtimeMs) {
    throw new Error(`apps/${app} build is older than ${source.path}: run \`npm run build\` before the e2e tests`);
  }
}

/** The most recently modified file under `dir` (null when there is none). */
function newestFile(dir: string): { path: string; mtimeMs: number } | null {
  let newest: { path: string; mtimeMs: number } | null = null;
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Specs are not part of the build.
    if (!entry.isFile() || entry.name.endsWith('.spec.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(path);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}

/** The admin every test server creates at start. */
export const TEST_ADMIN = { email: 'admin@parley.test', password: 'correct-horse-battery', name: 'Admin' } as const;

/** A real Parley server for one test, on a free port and a temporary data directory. */
export interface TestServer {
  /** e.g. http://127.0.0.1:41234 — stays the same across {@link TestServer.restart}. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly admin: typeof TEST_ADMIN;
  /** The running node (null between stop() and start()). */
  readonly current: ParleyServer | null;
  /** Graceful shutdown, keeping the data directory. */
  stop(): Promise<void>;
  /** Starts again on the same port and data directory. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
  /** Stops the server and deletes the data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a server in-process that also serves the built web apps (apps/admin/dist/browser at
 * /admin/, apps/customer/dist/browser at /). The apps must have been built first
 * (`npm run build`; the root `npm test` does it).
 */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  if (!overrides.adminDist) assertBuilt('admin');
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const options = {
    dataDir,
    port: 0,
    host: '127.0.0.1',
    logLevel: process.env['PARLEY_E2E_LOG'] ?? 'warn',
    adminEmail: TEST_ADMIN.email,
    adminPassword: TEST_ADMIN.password,
    // Restarts and many sign-ins from one IP are the test's doing, not an attack; so are a customer who opens
    // dozens of queries to fill a queue, and every test customer sharing 127.0.0.1.
    handshakeRateLimit: 0,
    authRateLimit: 0,
    maxOpenQueries: 0,
    queriesPerHour: 0,
    queriesPerHourPerIp: 0,
    customerMessagesPerMinutePerIp: 0,
    refusalDelayMs: 0,
    // A test's restart or teardown need not wait out the production drain window (10 s).
    shutdownTimeoutMs: 2_000,
    ...overrides,
  };
  let server: ParleyServer | null = await startServer(options);
  const port = server.port;
  const url = `http://127.0.0.1:${port}`;

  const handle: TestServer = {
    url,
    port,
    dataDir,
    admin: TEST_ADMIN,
    get current() {
      return server;
    },
    async stop() {
      const running = server;
      server = null;
      await running?.close();
    },
    async start() {
      if (server) return;
      server = await startServer({ ...options, port });
    },
    async restart() {
      await handle.stop();
      await handle.start();
    },
    async dispose() {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return handle;
}
