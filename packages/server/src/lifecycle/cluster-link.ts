/**
 * What a node shares with the others of its cluster through Redis (REDIS_URL),
 * built in one place: the connection, presence, where shared rate limits are
 * counted, the secrets check. On a single node (no REDIS_URL) presence lives
 * in memory and limits are counted per node.
 */
import type { Logger } from 'pino';
import { RedisLink } from '../cluster/redis-link.js';
import { RedisPresence } from '../cluster/redis-presence.js';
import { checkSharedSecrets } from '../cluster/shared-secrets-check.js';
import type { ServerConfig } from '../config/config.js';
import type { DomainEvents } from '../domain/domain-events.js';
import { type LimiterBackend, memoryBackend } from '../rate-limits/rate-limiter.js';
import { InMemoryPresence, type PresenceTracker } from '../realtime/presence.js';

export interface ClusterLink {
  /** The Redis connection, or null on a single node. */
  redis: RedisLink | null;
  presence: PresenceTracker;
  /** Customers' /chat sockets, counted the same way (no "away"). */
  customerPresence: PresenceTracker;
  limiterBackend: LimiterBackend;
  /** Starts the heartbeats (presence, secrets); call once the node is about to serve. */
  start(): Promise<void>;
  /**
   * Leaves the cluster as a shutting-down node must while it can still broadcast: stops the heartbeats and
   * removes this node's presence (its agents' `offline` goes out).
   */
  leave(): Promise<void>;
  /** Closes the connection (after leave(), once nothing broadcasts any more). */
  close(): Promise<void>;
}

export async function linkCluster(
  config: ServerConfig,
  secrets: { jwtSecret: string; identitySecret: string | undefined },
  events: DomainEvents,
  log: Logger,
): Promise<ClusterLink> {
  if (!config.redisUrl) {
    const presence = new InMemoryPresence(events);
    const customerPresence = new InMemoryPresence(events, 'customer');
    const leave = async () => {
      await presence.close();
      await customerPresence.close();
    };
    return { redis: null, presence, customerPresence, limiterBackend: memoryBackend, start: async () => {}, leave, close: async () => {} };
  }
  const redis = await RedisLink.connect(config.redisUrl, log);
  let stopSecrets = () => {};
  try {
    stopSecrets = await checkSharedSecrets(redis.client, config.redisPrefix, secrets, config.heartbeatMs, log);
  } catch (error) {
    await redis.close();
    throw error;
  }
  const common = { redis: redis.client, prefix: config.redisPrefix, heartbeatMs: config.heartbeatMs, events, log };
  const presence = new RedisPresence(common);
  const customerPresence = new RedisPresence({ ...common, subject: 'customer', nodeId: presence.nodeId });
  // After an outage, Redis may have lost everything (it keeps nothing on disk here): push this node's presence now.
  redis.on('restored', () => {
    void presence.beat();
    void customerPresence.beat();
  });
  const leave = async () => {
    stopSecrets();
    await presence.close();
    await customerPresence.close();
  };
  return {
    redis,
    presence,
    customerPresence,
    limiterBackend: { kind: 'redis', redis: redis.client, prefix: config.redisPrefix },
    async start() {
      await presence.start();
      await customerPresence.start();
    },
    leave,
    async close() {
      await leave();
      await redis.close();
    },
  };
}
