/**
 * Parley as users run it: the built server (`packages/server/dist/main.js`)
 * as a child process, every message persisted and acked after its commit.
 * Its store is the embedded one (SQLite in a temporary DATA_DIR: target
 * `parley`) or PostgreSQL (a fresh database on the machine's PostgreSQL,
 * dropped afterwards: target `parley-pg`); no Redis, one process either way.
 * Rate limits and caps are off (`UNLIMITED_ENV`) because one bench process on
 * 127.0.0.1 plays thousands of users; the abuse scenario turns them back on
 * (target `parley-defaults`: the defaults, and loopback trusted as a proxy so
 * that clients are told apart by the `X-Forwarded-For` header each sends).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Namespaces, RestRoutes } from '@parley/protocol';
import type { BenchConnection } from '../load/connection.ts';
import { DatabaseWindow } from '../metrics/database-window.ts';
import { readCommitTotals, readParleyMetrics } from '../metrics/parley-metrics.ts';
import { ChildServer } from './child-server.ts';
import { UNLIMITED_ENV } from '../../../deploy/cluster/local-cluster.ts';
import { FreshDatabase } from './fresh-database.ts';
import { freePort } from '../../../deploy/cluster/free-port.ts';
import { BENCH_ADMIN, ParleyApi } from './parley-api.ts';
import type { ClientKind, ConversationOptions, ConversationSeed, Target, TargetStats, WindowCounters } from './target.ts';

/** The built server entry point, as `npm start` runs it. */
export const PARLEY_MAIN = fileURLToPath(new URL('../../../packages/server/dist/main.js', import.meta.url));

/**
 * `parley-defaults`: every limit at its default, and 127.0.0.1 trusted as a proxy. All the bench's clients
 * connect from 127.0.0.1, so the server reads each client's address from the `X-Forwarded-For` header it sends,
 * as it would behind HAProxy. A connection without the header (the idle TCP connections of the abuse scenario)
 * is then the proxy's own and is not capped per address: behind HAProxy that cap is HAProxy's.
 */
export const DEFAULT_LIMITS_ENV: Readonly<Record<string, string>> = { TRUST_PROXY: 'loopback' };

export interface ParleyStartOptions {
  client: ClientKind;
  /** `sqlite` (default): the embedded store in DATA_DIR. `postgres`: DATABASE_URL, a fresh database of its own. */
  store?: 'sqlite' | 'postgres';
  /** Extra flags for the server's `node` (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /** Open the server's V8 inspector on this port (127.0.0.1 only). */
  inspectorPort?: number;
  /** Extra environment, e.g. `COMMIT_MODE=single`. */
  env?: Record<string, string>;
  /** `off` (default): `UNLIMITED_ENV`. `defaults`: Parley's default limits, {@link DEFAULT_LIMITS_ENV}. */
  limits?: 'off' | 'defaults';
  /** Parallel REST calls when creating customers and queries. */
  setupConcurrency?: number;
}

export class ParleyTarget implements Target {
  readonly name: 'parley' | 'parley-event-loop' | 'parley-pg' | 'parley-defaults';
  readonly url: string;
  readonly dataDir: string;
  /** The PostgreSQL database (`parley-pg`); null on SQLite. */
  readonly database: FreshDatabase | null;
  readonly #options: ParleyStartOptions;
  readonly #port: number;
  #server: ChildServer;
  #api!: ParleyApi;

  private constructor(options: ParleyStartOptions, port: number, dataDir: string, database: FreshDatabase | null, server: ChildServer, name?: 'parley-event-loop') {
    this.name = name ?? (database ? 'parley-pg' : options.limits === 'defaults' ? 'parley-defaults' : 'parley');
    this.#options = options;
    this.#port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir;
    this.database = database;
    this.#server = server;
  }

  /** @param name what to call a variant the options alone do not name (`parley-event-loop`). */
  static async start(options: ParleyStartOptions, name?: 'parley-event-loop'): Promise<ParleyTarget> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
    const database = options.store === 'postgres' ? await FreshDatabase.create() : null;
    let server: ChildServer;
    try {
      server = await ParleyTarget.#spawn(options, port, dataDir, database);
    } catch (error) {
      await database?.drop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
    const target = new ParleyTarget(options, port, dataDir, database, server, name);
    try {
      target.#api = await ParleyApi.signIn(target.url, options.client, options.setupConcurrency);
    } catch (error) {
      await target.stop();
      throw error;
    }
    return target;
  }

  static #spawn(options: ParleyStartOptions, port: number, dataDir: string, database: FreshDatabase | null): Promise<ChildServer> {
    const url = `http://127.0.0.1:${port}`;
    return ChildServer.start({
      name: `Parley server (${database ? 'PostgreSQL' : 'SQLite'})`,
      args: [...(options.nodeFlags ?? []), ...(options.inspectorPort ? [`--inspect=127.0.0.1:${options.inspectorPort}`] : []), PARLEY_MAIN],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        // On PostgreSQL too: uploads are spooled there.
        DATA_DIR: dataDir,
        ...(database ? { DATABASE_URL: database.url } : {}),
        ADMIN_EMAIL: BENCH_ADMIN.email,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        LOG_LEVEL: 'warn',
        ...(options.limits === 'defaults' ? DEFAULT_LIMITS_ENV : UNLIMITED_ENV),
        ...options.env,
      },
      ready: async () => (await fetch(`${url}${RestRoutes.readyz}`)).ok,
    });
  }

  get pid(): number {
    return this.#server.pid;
  }

  get serverPids(): readonly number[] {
    return [this.#server.pid];
  }

  get inspectorPort(): number | undefined {
    return this.#options.inspectorPort;
  }

  get adminToken(): string {
    return this.#api.adminToken;
  }

  /** Stops the server with SIGTERM (graceful shutdown) and resolves with its exit code. */
  async stopServer(): Promise<number | null> {
    return this.#server.stop();
  }

  /** Starts the server again on the same port, DATA_DIR and database (after {@link stopServer}). */
  async startServer(): Promise<void> {
    this.#server = await ParleyTarget.#spawn(this.#options, this.#port, this.dataDir, this.database);
  }

  createConversations(count: number, options?: ConversationOptions): Promise<ConversationSeed[]> {
    return this.#api.createConversations(count, options);
  }

  connectCustomer(seed: ConversationSeed): Promise<BenchConnection> {
    return this.#api.connect(Namespaces.Chat, seed.customerToken);
  }

  /** The seed's own agent when it has one; otherwise the one bench admin (fan-out: 1,000 sockets of one account). */
  connectAgent(seed?: ConversationSeed): Promise<BenchConnection> {
    return this.#api.connect(Namespaces.Admin, seed?.agentToken ?? this.#api.adminToken);
  }

  async stats(): Promise<TargetStats> {
    const { heapUsed, eventLoop } = await readParleyMetrics(this.url);
    return { heapUsed, eventLoop };
  }

  /** Commits from `/metrics`; on PostgreSQL also the database backends' CPU and the WAL written. */
  async openWindow(): Promise<() => Promise<WindowCounters>> {
    const [before, database] = await Promise.all([readCommitTotals([this.url]), this.database ? DatabaseWindow.start(this.database.url) : undefined]);
    return async () => {
      const [after, usage] = await Promise.all([readCommitTotals([this.url]), database?.stop()]);
      return {
        commits: after.commits - before.commits,
        committedMessages: after.committedMessages - before.committedMessages,
        ...(usage ? { databaseCpuSeconds: usage.cpuSeconds, walBytes: usage.walBytes } : {}),
      };
    };
  }

  /** Messages of a query in seq order, read over REST as an agent (pages through all of them). */
  history(queryId: string): Promise<Array<{ seq: number; clientId: string }>> {
    return this.#api.history(queryId);
  }

  async stop(): Promise<void> {
    await this.#server.stop();
    await this.database?.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
