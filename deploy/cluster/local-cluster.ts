/**
 * A Parley cluster on this machine, as production runs one: N nodes on one
 * PostgreSQL database and one Redis prefix, behind HAProxy with TLS. Made for
 * `npm run cluster` (deploy/cluster/main.ts), the cluster tests and the
 * benchmark; everything it creates — a fresh database on the machine's
 * PostgreSQL, keys under a prefix of its own on the machine's Redis, a
 * temporary folder for each node's DATA_DIR and the certificate — is removed
 * by stop().
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { makeCertificate } from './certificate.ts';
import { freePort } from './free-port.ts';
import { HaproxyProcess } from './haproxy-process.ts';
import { NodeProcess } from './node-process.ts';
import { OwnRedis } from './own-redis.ts';
import { TcpGate } from './tcp-gate.ts';

export interface LocalClusterOptions {
  /** Number of nodes (default 3). */
  nodes?: number;
  /** A database to create the cluster's own in (default postgres://postgres@127.0.0.1:5432/test, or TEST_DATABASE_URL). */
  adminDatabaseUrl?: string;
  /** Use this database instead of creating one (it is then neither created nor dropped). */
  databaseUrl?: string;
  /** The Redis the nodes share (default redis://127.0.0.1:6379, or TEST_REDIS_URL). */
  redisUrl?: string;
  /** Start a redis-server of the cluster's own on a free port, which a test may kill and restart (default: share `redisUrl`). */
  ownRedis?: boolean;
  /** Put a TCP gate between the nodes and PostgreSQL, which a test may cut and restore (default false). */
  databaseGate?: boolean;
  /** Put HAProxy (with TLS) in front (default true). */
  haproxy?: boolean;
  /** HAProxy's per-source limits (default: none in practice; see HaproxyOptions.perSource). */
  perSource?: { connections: number; per10s: number; requestsPer10s?: number };
  /** HAProxy's HTTPS and HTTP ports (default: free ports). */
  httpsPort?: number;
  httpPort?: number;
  /** Extra environment for every node (e.g. rate limits off, a shorter HEARTBEAT_MS). */
  env?: Record<string, string>;
  /** The first admin (default admin@parley.local with a generated password). */
  admin?: { email: string; password: string };
  /** Turn the rate limits off ({@link UNLIMITED_ENV}): one process plays many users from one IP (tests, benchmarks). */
  unlimited?: boolean;
  /** Make this process trust the cluster's certificate ({@link trustClusterCertificate}). */
  trust?: boolean;
}

export interface LocalCluster {
  /** HAProxy's HTTPS address (the one clients use), or the first node's when there is no HAProxy. */
  url: string;
  /** HAProxy's plain-HTTP address (answers with a redirect to `url`). */
  httpUrl: string | null;
  nodes: NodeProcess[];
  haproxy: HaproxyProcess | null;
  /** The self-signed certificate HAProxy serves: clients trust it as their CA. */
  ca: string;
  /** The database's address (as this process reaches it, not through the gate). */
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** The cluster's own redis-server (ownRedis), to kill and restart; null when sharing one. */
  ownRedis: OwnRedis | null;
  /** The gate in front of PostgreSQL (databaseGate), to cut and restore; null without. */
  databaseGate: TcpGate | null;
  admin: { email: string; password: string };
  /** Stops everything and removes what start made. */
  stop(): Promise<void>;
}

export const DEFAULT_ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export { freePort } from './free-port.ts';

export const DEFAULT_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Environment for nodes that one process loads with many simulated users (tests, benchmarks): every user comes
 * from 127.0.0.1, so the per-IP and per-connection limits are off.
 */
export const UNLIMITED_ENV: Readonly<Record<string, string>> = {
  RATE_LIMIT_MESSAGES: '0',
  HANDSHAKE_RATE_LIMIT: '0',
  EVENT_RATE_LIMIT: '0',
  JOIN_RATE_LIMIT: '0',
  REST_RATE_LIMIT: '0',
  AUTH_RATE_LIMIT: '0',
  CUSTOMER_MESSAGES_PER_MINUTE: '0',
  CUSTOMER_MESSAGES_PER_MINUTE_PER_IP: '0',
  TYPING_RATE_LIMIT: '0',
  PACKET_RATE_LIMIT: '0',
  MAX_SOCKETS_PER_USER: '0',
  MAX_CONNECTIONS_PER_IP: '0',
  MAX_OPEN_QUERIES: '0',
  QUERIES_PER_HOUR: '0',
  QUERIES_PER_HOUR_PER_IP: '0',
  REFUSAL_DELAY_MS: '0',
};

/**
 * Makes this process trust the cluster's self-signed certificate, as a client given it would (fetch,
 * socket.io-client and the SDK then verify HAProxy's TLS).
 */
export function trustClusterCertificate(cluster: Pick<LocalCluster, 'ca'>): void {
  setDefaultCACertificates([...getCACertificates('default'), cluster.ca]);
}

export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const count = options.nodes ?? 3;
  const id = randomBytes(5).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  let redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
  const redisPrefix = `parley-cluster-${id}`;
  const admin = options.admin ?? { email: 'admin@parley.local', password: randomBytes(12).toString('base64url') };
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const adminUrl = options.adminDatabaseUrl ?? DEFAULT_ADMIN_DATABASE_URL;
      const name = `parley_cluster_${id}`;
      await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
      cleanups.push(() => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }
    let ownRedis: OwnRedis | null = null;
    if (options.ownRedis) {
      ownRedis = await OwnRedis.start();
      cleanups.push(() => ownRedis!.stop());
      redisUrl = ownRedis.url;
    } else {
      cleanups.push(() => dropRedisPrefix(redisUrl, redisPrefix));
    }
    let nodesDatabaseUrl = databaseUrl;
    let databaseGate: TcpGate | null = null;
    if (options.databaseGate) {
      const target = new URL(databaseUrl);
      databaseGate = await TcpGate.start({ host: target.hostname, port: Number(target.port || 5432) });
      cleanups.push(() => databaseGate!.close());
      target.hostname = '127.0.0.1';
      target.port = String(databaseGate.port);
      nodesDatabaseUrl = target.toString();
    }
    const nodes: NodeProcess[] = [];
    for (let i = 1; i <= count; i++) {
      const dataDir = join(dir, `node${i}`);
      mkdirSync(dataDir, { recursive: true });
      nodes.push(
        new NodeProcess(`node${i}`, await freePort(), {
          ...process.env,
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          DATABASE_URL: nodesDatabaseUrl,
          REDIS_URL: redisUrl,
          REDIS_PREFIX: redisPrefix,
          // HAProxy connects from 127.0.0.1 and says who the client is in X-Forwarded-For.
          TRUST_PROXY: 'loopback',
          ADMIN_EMAIL: admin.email,
          ADMIN_PASSWORD: admin.password,
          LOG_LEVEL: 'info',
          ...(options.unlimited ? UNLIMITED_ENV : {}),
          ...options.env,
        }),
      );
    }
    cleanups.push(async () => {
      await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
    });
    // All at once, as a fleet starts: the migrations and the first admin must cope.
    await Promise.all(nodes.map((node) => node.start()));
    const certificate = makeCertificate(dir);
    let haproxy: HaproxyProcess | null = null;
    let url = nodes[0]!.url;
    let httpUrl: string | null = null;
    if (options.haproxy !== false) {
      const httpsPort = options.httpsPort ?? (await freePort());
      const httpPort = options.httpPort ?? (await freePort());
      haproxy = await HaproxyProcess.start({ dir, httpPort, httpsPort, pemPath: certificate.pemPath,
        nodes: nodes.map((n) => ({ name: n.name, port: n.port })),
        ...(options.perSource ? { perSource: options.perSource } : {}),
      });
      cleanups.push(() => haproxy!.stop());
      url = `https://127.0.0.1:${httpsPort}`;
      httpUrl = `http://127.0.0.1:${httpPort}`;
      await waitForServersUp(haproxy, nodes.length);
    }
    const cluster = { url, httpUrl, nodes, haproxy, ca: certificate.cert, databaseUrl, redisUrl, redisPrefix, ownRedis, databaseGate, admin, stop };
    if (options.trust) trustClusterCertificate(cluster);
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves once HAProxy's health checks see `count` servers up. */
export async function waitForServersUp(haproxy: HaproxyProcess, count: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await haproxy.serverStates();
    if ([...states.values()].filter((s) => s === 'up').length >= count) return;
    if (Date.now() > deadline) throw new Error(`haproxy sees ${JSON.stringify([...states])}:\n${haproxy.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Deletes every key under `prefix` (what a cluster or a test left behind on a shared Redis). */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
