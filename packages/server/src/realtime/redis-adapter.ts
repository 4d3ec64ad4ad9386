/**
 * REDIS_URL set → Socket.IO's Redis streams adapter (ioredis), so broadcasts
 * reach sockets on every node. Multi-node hardening (presence and rate limits
 * in Redis, sticky sessions) is a later issue; this is the seam.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface AdapterHandle {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/** `prefix` namespaces the stream, the pub/sub channels and the recovery sessions (REDIS_PREFIX). */
export async function createRedisAdapter(url: string, prefix: string, log: Logger): Promise<AdapterHandle> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.warn({ err }, 'redis error'));
  await redis.connect();
  return {
    adapter: createAdapter(redis, {
      streamName: `${prefix}:socket.io`,
      channelPrefix: `${prefix}:socket.io`,
      sessionKeyPrefix: `${prefix}:session:`,
    }),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
