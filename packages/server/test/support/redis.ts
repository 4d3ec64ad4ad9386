/**
 * Redis for tests: the machine's server (TEST_REDIS_URL, default
 * 127.0.0.1:6379, which .ci/run starts) under a prefix of each test's own, or a
 * `redis-server` of the test's own on a free port when the test restarts it —
 * never the shared one.
 */
import { Redis } from 'ioredis';

export { OwnRedis } from '../../../../deploy/cluster/own-redis.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix` on the shared Redis (what a test's nodes left behind). */
export async function dropRedisPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
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
