/**
 * Parley as a cluster runs: `nodes` Parley processes on one PostgreSQL
 * database and one Redis prefix, behind HAProxy with TLS. It is started by
 * deploy/cluster/local-cluster.ts, the launcher of `npm run cluster` and the
 * cluster tests, so HAProxy runs the shipped deploy/haproxy.cfg. The bench
 * reaches it as a client would, through HAProxy only: REST set-up over HTTPS
 * and Socket.IO over wss://, with this process trusting the cluster's
 * self-signed certificate. HAProxy's `leastconn` spreads the sockets, so a
 * customer and its agent are usually on different nodes and a message crosses
 * Redis to reach the agent.
 *
 * Every node, HAProxy, PostgreSQL, Redis and the load generator share one
 * machine, so a run measures what the cluster costs, not how far it scales.
 */
import { Namespaces } from '@parley/protocol';
import { startLocalCluster, trustClusterCertificate, UNLIMITED_ENV, type LocalCluster } from '../../../deploy/cluster/local-cluster.ts';
import type { BenchConnection } from '../load/connection.ts';
import { DatabaseWindow } from '../metrics/database-window.ts';
import { readCommitTotals, readParleyMetrics } from '../metrics/parley-metrics.ts';
import { cpuSeconds } from '../metrics/proc-stats.ts';
import { RedisWindow } from '../metrics/redis-window.ts';
import { BENCH_ADMIN, ParleyApi } from './parley-api.ts';
import type { ClientKind, ConversationOptions, ConversationSeed, Target, TargetStats, WindowCounters } from './target.ts';

export interface ClusterStartOptions {
  client: ClientKind;
  /** Parley nodes behind HAProxy (default 3). */
  nodes?: number;
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** Parallel REST calls when creating customers and queries. */
  setupConcurrency?: number;
}

export class ClusterTarget implements Target {
  readonly name = 'parley-cluster' as const;
  /** HAProxy's HTTPS address: the only one the bench's clients use. */
  readonly url: string;
  readonly inspectorPort = undefined;
  /** HAProxy's process, for its CPU (read apart from the nodes'). */
  readonly proxyPid: number;
  readonly #cluster: LocalCluster;
  readonly #api: ParleyApi;

  private constructor(cluster: LocalCluster, api: ParleyApi, proxyPid: number) {
    this.#cluster = cluster;
    this.#api = api;
    this.url = cluster.url;
    this.proxyPid = proxyPid;
  }

  static async start(options: ClusterStartOptions): Promise<ClusterTarget> {
    const cluster = await startLocalCluster({
      nodes: options.nodes ?? 3,
      admin: { ...BENCH_ADMIN },
      // One process on 127.0.0.1 plays every user: the per-IP and per-connection limits are off, as for `parley`.
      env: { ...UNLIMITED_ENV, LOG_LEVEL: 'warn', ...options.env },
    });
    try {
      if (!cluster.haproxy) throw new Error('the cluster target needs HAProxy');
      trustClusterCertificate(cluster);
      const info = await cluster.haproxy.command('show info');
      const proxyPid = Number(/^Pid: (\d+)$/m.exec(info)?.[1]);
      if (!proxyPid) throw new Error(`no Pid in HAProxy's "show info":\n${info}`);
      const api = await ParleyApi.signIn(cluster.url, options.client, options.setupConcurrency);
      return new ClusterTarget(cluster, api, proxyPid);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** The first node's process (for a single-process reading; the CPU of a run sums {@link serverPids}). */
  get pid(): number {
    return this.serverPids[0]!;
  }

  get serverPids(): readonly number[] {
    return this.#cluster.nodes.map((node) => node.pid).filter((pid) => pid !== undefined);
  }

  get nodeCount(): number {
    return this.#cluster.nodes.length;
  }

  get adminToken(): string {
    return this.#api.adminToken;
  }

  createConversations(count: number, options?: ConversationOptions): Promise<ConversationSeed[]> {
    return this.#api.createConversations(count, options);
  }

  connectCustomer(seed: ConversationSeed): Promise<BenchConnection> {
    return this.#api.connect(Namespaces.Chat, seed.customerToken);
  }

  connectAgent(seed?: ConversationSeed): Promise<BenchConnection> {
    return this.#api.connect(Namespaces.Admin, seed?.agentToken ?? this.#api.adminToken);
  }

  /** Heap summed over the nodes; the event-loop delay of the node that fared worst. */
  async stats(): Promise<TargetStats> {
    const all = await Promise.all(this.#cluster.nodes.map((node) => readParleyMetrics(node.url)));
    const loops = all.map((m) => m.eventLoop).filter((l) => l !== undefined);
    return {
      heapUsed: all.reduce((n, m) => n + (m.heapUsed ?? Number.NaN), 0),
      eventLoop: loops.length === all.length
        ? { p50: Math.max(...loops.map((l) => l.p50)), p99: Math.max(...loops.map((l) => l.p99)), max: Math.max(...loops.map((l) => l.max)) }
        : undefined,
    };
  }

  /** Commits summed over the nodes, PostgreSQL's backends and WAL, Redis's commands and stream, HAProxy's CPU. */
  async openWindow(): Promise<() => Promise<WindowCounters>> {
    const nodeUrls = this.#cluster.nodes.map((node) => node.url);
    const stream = `${this.#cluster.redisPrefix}:socket.io`;
    const [commits, database, redis, proxyCpu] = await Promise.all([
      readCommitTotals(nodeUrls),
      DatabaseWindow.start(this.#cluster.databaseUrl),
      RedisWindow.start(this.#cluster.redisUrl, stream),
      cpuSeconds(this.proxyPid),
    ]);
    return async () => {
      const [commitsAfter, databaseUsage, redisUsage, proxyCpuAfter] = await Promise.all([
        readCommitTotals(nodeUrls),
        database.stop(),
        redis.stop(),
        cpuSeconds(this.proxyPid),
      ]);
      return {
        commits: commitsAfter.commits - commits.commits,
        committedMessages: commitsAfter.committedMessages - commits.committedMessages,
        databaseCpuSeconds: databaseUsage.cpuSeconds,
        walBytes: databaseUsage.walBytes,
        redis: redisUsage,
        proxyCpuSeconds: proxyCpuAfter - proxyCpu,
      };
    };
  }

  /** Stops the nodes and HAProxy, drops the database and the Redis keys. */
  async stop(): Promise<void> {
    await this.#cluster.stop();
  }
}
