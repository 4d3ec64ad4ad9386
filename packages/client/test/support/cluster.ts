/**
 * SDK clients against the local cluster of deploy/cluster (real node processes,
 * PostgreSQL, Redis, HAProxy with TLS): which node holds a client, and the
 * lists every side ends with.
 */
import pg from 'pg';
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../../../../deploy/cluster/local-cluster.ts';
import type { ConversationState } from '../../src/index.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';

export type { LocalCluster } from '../../../../deploy/cluster/local-cluster.ts';

/** A cluster for a test, no rate limits, quiet logs; this process trusts its certificate. */
export function startTestCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
  return startLocalCluster({ admin, unlimited: true, trust: true, ...options, env: { LOG_LEVEL: 'warn', ...options.env } });
}

/** How many sockets of a namespace each node holds now (from its /metrics), by node index. */
export async function socketsPerNode(cluster: LocalCluster, namespace: '/chat' | '/admin'): Promise<number[]> {
  return Promise.all(
    cluster.nodes.map(async (node) => {
      if (!node.running) return 0;
      const text = await (await fetch(`${node.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`parley_connected_sockets{namespace="${namespace}"}`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    }),
  );
}

/** The stored messages of a query's public stream, straight from the database: seq, clientId, body. */
export async function storedMessages(cluster: LocalCluster, queryId: string): Promise<Array<{ seq: number; client_id: string; body: string }>> {
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT seq, client_id, body FROM messages WHERE query_id = $1 AND NOT internal ORDER BY seq', [queryId]);
    return rows;
  } finally {
    await client.end();
  }
}

/** A conversation holding exactly seq 1..n, once each. */
export const holdsAll = (n: number) => (s: ConversationState) =>
  s.joined && s.messages.length === n && s.messages.every((m, i) => m.seq === i + 1 && (m.delivery === 'sent' || m.delivery === 'read'));

/** What a side shows, to compare sides: seq and clientId of each message. */
export const listed = (s: ConversationState) => s.messages.map((m) => `${m.seq}:${m.clientId}`);
