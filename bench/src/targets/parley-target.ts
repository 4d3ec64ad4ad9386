/**
 * Parley as users run it: the built server (`packages/server/dist/main.js`)
 * as a child process on the embedded store (SQLite in a temporary DATA_DIR),
 * every message persisted and acked after its commit. Rate limits are off
 * (`RATE_LIMIT_MESSAGES=0` and the handshake/REST limits) because one bench
 * process on 127.0.0.1 plays thousands of users.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Namespaces, PROTOCOL_VERSION, RestRoutes } from '@parley/protocol';
import type { AgentAuthResponse, AgentResponse, CustomerAuthResponse, QueryResponse } from '@parley/protocol';
import { mapLimit } from '../load/concurrency.ts';
import type { BenchConnection } from '../load/connection.ts';
import { connectEio } from '../load/eio-client.ts';
import { connectSio } from '../load/sio-connection.ts';
import { promValue } from '../metrics/prom-text.ts';
import { ChildServer } from './child-server.ts';
import { freePort } from './free-port.ts';
import type { ClientKind, ConversationOptions, ConversationSeed, Target, TargetStats } from './target.ts';

/** The built server entry point, as `npm start` runs it. */
export const PARLEY_MAIN = fileURLToPath(new URL('../../../packages/server/dist/main.js', import.meta.url));

export const BENCH_ADMIN = { email: 'bench-admin@parley.local', password: 'bench-admin-password' } as const;

export interface ParleyStartOptions {
  client: ClientKind;
  /** Extra flags for the server's `node` (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /** Open the server's V8 inspector on this port (127.0.0.1 only). */
  inspectorPort?: number;
  /** Extra environment, e.g. `COMMIT_MODE=single`. */
  env?: Record<string, string>;
  /** Parallel REST calls when creating customers and queries. */
  setupConcurrency?: number;
}

export class ParleyTarget implements Target {
  readonly name = 'parley' as const;
  readonly url: string;
  readonly dataDir: string;
  readonly #options: ParleyStartOptions;
  readonly #port: number;
  #server: ChildServer;
  #adminToken = '';

  private constructor(options: ParleyStartOptions, port: number, dataDir: string, server: ChildServer) {
    this.#options = options;
    this.#port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir;
    this.#server = server;
  }

  static async start(options: ParleyStartOptions): Promise<ParleyTarget> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
    const server = await ParleyTarget.#spawn(options, port, dataDir);
    const target = new ParleyTarget(options, port, dataDir, server);
    const login = await target.#rest<AgentAuthResponse>('POST', RestRoutes.login, BENCH_ADMIN);
    target.#adminToken = login.token;
    return target;
  }

  static #spawn(options: ParleyStartOptions, port: number, dataDir: string): Promise<ChildServer> {
    const url = `http://127.0.0.1:${port}`;
    return ChildServer.start({
      name: 'Parley server',
      args: [...(options.nodeFlags ?? []), ...(options.inspectorPort ? [`--inspect=127.0.0.1:${options.inspectorPort}`] : []), PARLEY_MAIN],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_EMAIL: BENCH_ADMIN.email,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MESSAGES: '0',
        HANDSHAKE_RATE_LIMIT: '0',
        REST_RATE_LIMIT: '0',
        AUTH_RATE_LIMIT: '0',
        ...options.env,
      },
      ready: async () => (await fetch(`${url}${RestRoutes.readyz}`)).ok,
    });
  }

  get pid(): number {
    return this.#server.pid;
  }

  get inspectorPort(): number | undefined {
    return this.#options.inspectorPort;
  }

  get adminToken(): string {
    return this.#adminToken;
  }

  /** Stops the server with SIGTERM (graceful shutdown) and resolves with its exit code. */
  async stopServer(): Promise<number | null> {
    return this.#server.stop();
  }

  /** Starts the server again on the same port and DATA_DIR (after {@link stopServer}). */
  async startServer(): Promise<void> {
    this.#server = await ParleyTarget.#spawn(this.#options, this.#port, this.dataDir);
  }

  /**
   * Creates visitors, and unless `queries: false` one query each, over REST. With `assignedAgents`, each query
   * also gets its own agent account (`POST /api/agents` as the bench admin), signed in (`POST /api/auth/login`)
   * and assigned the query (`PATCH /api/queries/:id`): two scrypt hashes per agent, see docs/performance.md.
   */
  async createConversations(count: number, { queries = true, assignedAgents = false }: ConversationOptions = {}): Promise<ConversationSeed[]> {
    return mapLimit(Array.from({ length: count }), this.#options.setupConcurrency ?? 50, async (_, i) => {
      const visitor = await this.#rest<CustomerAuthResponse>('POST', RestRoutes.visitorAuth, { name: `Bench visitor ${i}` });
      if (!queries) return { queryId: '', customerToken: visitor.token };
      const { query } = await this.#rest<QueryResponse>('POST', RestRoutes.queries, { subject: `Bench query ${i}`, body: 'Hello, I need help.' }, visitor.token);
      const seed: ConversationSeed = { queryId: query.id, customerToken: visitor.token };
      if (assignedAgents) seed.agentToken = await this.#assignToNewAgent(query.id, i);
      return seed;
    });
  }

  connectCustomer(seed: ConversationSeed): Promise<BenchConnection> {
    return this.#connect(Namespaces.Chat, seed.customerToken);
  }

  /** The seed's own agent when it has one; otherwise the one bench admin (fan-out: 1,000 sockets of one account). */
  connectAgent(seed?: ConversationSeed): Promise<BenchConnection> {
    return this.#connect(Namespaces.Admin, seed?.agentToken ?? this.#adminToken);
  }

  /** Creates agent account number `i`, signs it in and assigns it the query; returns its JWT. */
  async #assignToNewAgent(queryId: string, i: number): Promise<string> {
    const email = `bench-agent-${i}@parley.local`;
    const password = `bench-agent-password-${i}`;
    const { agent } = await this.#rest<AgentResponse>('POST', RestRoutes.agents, { email, name: `Bench agent ${i}`, password, role: 'agent' }, this.#adminToken);
    const { token } = await this.#rest<AgentAuthResponse>('POST', RestRoutes.login, { email, password });
    await this.#rest('PATCH', RestRoutes.query(queryId), { assigneeId: agent.id }, this.#adminToken);
    return token;
  }

  async stats(): Promise<TargetStats> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const p50 = promValue(text, 'nodejs_eventloop_lag_p50_seconds');
    const p99 = promValue(text, 'nodejs_eventloop_lag_p99_seconds');
    const max = promValue(text, 'nodejs_eventloop_lag_max_seconds');
    return {
      heapUsed: promValue(text, 'nodejs_heap_size_used_bytes'),
      eventLoop: p50 !== undefined && p99 !== undefined && max !== undefined ? { p50, p99, max } : undefined,
    };
  }

  /** Messages of a query in seq order, read over REST as an agent (pages through all of them). */
  async history(queryId: string): Promise<Array<{ seq: number; clientId: string }>> {
    const all: Array<{ seq: number; clientId: string }> = [];
    for (;;) {
      const after = all.at(-1)?.seq ?? 0;
      const page = await this.#rest<{ messages: Array<{ seq: number; clientId: string }> }>(
        'GET', `${RestRoutes.messages(queryId)}?after=${after}&limit=500`, undefined, this.#adminToken);
      all.push(...page.messages);
      if (page.messages.length < 500) return all;
    }
  }

  async stop(): Promise<void> {
    await this.#server.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  #connect(namespace: string, token: string): Promise<BenchConnection> {
    const auth = { token, protocol: PROTOCOL_VERSION };
    return this.#options.client === 'thin'
      ? connectEio({ url: this.url, namespace, auth })
      : connectSio({ url: this.url, namespace, auth });
  }

  async #rest<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
