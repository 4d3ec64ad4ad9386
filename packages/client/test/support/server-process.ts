/**
 * The real server in a child process (`node dist/main.js`), so a test can kill
 * it the hard way (SIGKILL: no shutdown, no last acks, no server:closing) and
 * start it again on the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { freePort } from '../../../../deploy/cluster/free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_EMAIL, ADMIN_PASSWORD, IDENTITY_SECRET, JWT_SECRET } from './server.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.resolve('@parley/server')));

export interface ServerProcess {
  port: number;
  url: string;
  /** SIGKILL, then wait for the process to be gone. */
  kill(): Promise<void>;
  /** A new process on the same data directory (and a new port). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startServerProcess(): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-crash-test-'));
  let child: ChildProcess | null = null;
  const handle: ServerProcess = {
    port: 0,
    url: '',
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    async restart() {
      await handle.kill();
      handle.port = await freePort();
      handle.url = `http://127.0.0.1:${handle.port}`;
      child = spawn(process.execPath, [MAIN], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          PORT: String(handle.port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          JWT_SECRET,
          IDENTITY_SECRET,
          ADMIN_EMAIL,
          ADMIN_PASSWORD,
          LOG_LEVEL: 'silent',
          RATE_LIMIT_MESSAGES: '0',
          HANDSHAKE_RATE_LIMIT: '0',
          REST_RATE_LIMIT: '0',
          AUTH_RATE_LIMIT: '0',
          MAX_SOCKETS_PER_USER: '0',
          CUSTOMER_MESSAGES_PER_MINUTE_PER_IP: '0',
          MAX_CONNECTIONS_PER_IP: '0',
          MAX_OPEN_QUERIES: '0',
          QUERIES_PER_HOUR: '0',
          QUERIES_PER_HOUR_PER_IP: '0',
          REFUSAL_DELAY_MS: '0',
          RECOVERY_WINDOW_MS: '0',
        },
      });
      await waitHealthy(handle.url);
    },
    async close() {
      await handle.kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await handle.restart();
  return handle;
}

async function waitHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server at ${url} did not become healthy`);
}
