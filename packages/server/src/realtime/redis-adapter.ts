/**
 * REDIS_URL set → Socket.IO's Redis streams adapter, so broadcasts reach
 * sockets on every node. It publishes with the node's Redis client and
 * duplicates it for its stream reader and its pub/sub subscriber.
 *
 * What the adapter cannot do is deliver a broadcast published while Redis was
 * away (it is simply lost): the node hears of the outage from its RedisLink
 * and asks every client to catch up (`server:resync`, see broadcaster.ts).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';

/** `prefix` namespaces the stream, the pub/sub channels and the recovery sessions (REDIS_PREFIX). */
export function createRedisAdapter(redis: Redis, prefix: string): ReturnType<typeof createAdapter> {
  return createAdapter(redis, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:session:`,
  });
}
