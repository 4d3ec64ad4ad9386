/**
 * The local cluster of deploy/cluster (the one `npm run cluster` starts): real
 * node processes on a database and a Redis prefix of their own, behind the
 * shipped HAProxy configuration with a certificate made for the run.
 */
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../../../../deploy/cluster/local-cluster.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';

export type { LocalCluster } from '../../../../deploy/cluster/local-cluster.ts';

/** A cluster for a test, no rate limits, quiet logs; this process trusts its certificate. */
export function startTestCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
  return startLocalCluster({ admin, unlimited: true, trust: true, ...options, env: { LOG_LEVEL: 'warn', ...options.env } });
}
