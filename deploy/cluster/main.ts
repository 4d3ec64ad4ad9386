/**
 * `npm run cluster`: a three-node Parley cluster on this machine, for anyone
 * to try — a fresh database on the local PostgreSQL, the local Redis under a
 * prefix of its own, three nodes, HAProxy with a self-signed certificate.
 * Prints the address and the admin's password; Ctrl-C stops and removes it all.
 *
 * Environment: TEST_DATABASE_URL (where to create the database), TEST_REDIS_URL,
 * CLUSTER_NODES (default 3), CLUSTER_HTTPS_PORT (default 8443), CLUSTER_HTTP_PORT (default 8080).
 */
import { startLocalCluster } from './local-cluster.ts';

const nodes = Number(process.env.CLUSTER_NODES ?? 3);
const httpsPort = Number(process.env.CLUSTER_HTTPS_PORT ?? 8443);
const httpPort = Number(process.env.CLUSTER_HTTP_PORT ?? 8080);

process.stdout.write(`Starting ${nodes} Parley nodes, PostgreSQL, Redis and HAProxy…\n`);
const cluster = await startLocalCluster({ nodes, httpsPort, httpPort });
process.stdout.write(
  [
    '',
    `Parley cluster ready: ${cluster.url}/  (agents: ${cluster.url}/admin/)`,
    `  certificate: self-signed for this run — your browser will ask you to accept it`,
    `  admin:       ${cluster.admin.email} / ${cluster.admin.password}`,
    `  nodes:       ${cluster.nodes.map((n) => `${n.name} ${n.url} (pid ${n.pid})`).join(', ')}`,
    `  database:    ${cluster.databaseUrl}`,
    `  redis:       ${cluster.redisUrl} prefix ${cluster.redisPrefix}`,
    `  plain HTTP:  ${cluster.httpUrl} redirects to HTTPS`,
    '',
    'Try killing a node (kill -9 <pid>): its clients move to the others. Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping the cluster and removing its database and Redis keys…\n');
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
