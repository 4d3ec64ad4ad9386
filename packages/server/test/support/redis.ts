/**
 * Redis for tests: the machine's server (TEST_REDIS_URL, default
 * 127.0.0.1:6379, which .ci/run starts) under a prefix of each test's own, or a
 * `redis-server` of the test's own on a free port when the test restarts it —
 * never the shared one.
 */
import { dropRedisPrefix as dropPrefix } from '../../../../deploy/cluster/local-cluster.ts';

export { OwnRedis } from '../../../../deploy/cluster/own-redis.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix` on the shared Redis (what a test's nodes left behind). */
export function dropRedisPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  return dropPrefix(url, prefix);
}
