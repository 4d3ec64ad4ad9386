/**
 * The local cluster of deploy/cluster (the one `npm run cluster` starts): real
 * node processes on a database and a Redis prefix of their own, behind the
 * shipped HAProxy configuration with a certificate made for the run.
 */
import {
  startLocalCluster, trustClusterCertificate, UNLIMITED_ENV, type LocalCluster, type LocalClusterOptions,
} from '../../../../deploy/cluster/local-cluster.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';

export type { LocalCluster } from '../../../../deploy/cluster/local-cluster.ts';

/** A cluster for a test, no rate limits, quiet logs; this process trusts its certificate. */
export async function startTestCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const cluster = await startLocalCluster({
    admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    ...options,
    env: { ...UNLIMITED_ENV, LOG_LEVEL: 'warn', ...options.env },
  });
  trustClusterCertificate(cluster);
  return cluster;
}
