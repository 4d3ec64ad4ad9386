/**
 * This node's connection to the Redis its cluster shares (REDIS_URL): one
 * ioredis client for commands (the adapter's publishes, presence, rate
 * limits), from which the Socket.IO adapter duplicates its readers. It tells
 * the node when Redis comes back after being lost, because broadcasts
 * published meanwhile are gone and clients must catch up (domain event
 * `clients:resync`).
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Redis could not be reached at start: a cluster node does not serve without it. */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

interface RedisLinkEvents {
  /** Redis answers again after the connection was lost. */
  restored: [];
}

export class RedisLink extends EventEmitter<RedisLinkEvents> {
  #lost = false;
  #closing = false;

  private constructor(
    readonly client: Redis,
    private readonly log: Pick<Logger, 'warn' | 'info'>,
  ) {
    super();
    client.on('error', (error) => log.warn({ err: error }, 'redis error'));
    client.on('close', () => {
      if (this.#closing || this.#lost) return;
      this.#lost = true;
      log.warn('redis connection lost: broadcasts to other nodes are paused; clients will be told to catch up');
    });
    client.on('ready', () => {
      if (!this.#lost) return;
      this.#lost = false;
      log.info('redis connection restored');
      this.emit('restored');
    });
  }

  /**
   * Connects, and resolves once Redis answers. A node does not start without its Redis (a cluster node that
   * cannot reach the others must not serve); later outages are survived and reconnected by ioredis.
   */
  static async connect(url: string, log: Pick<Logger, 'warn' | 'info'>): Promise<RedisLink> {
    // Commands issued while Redis is away fail after a few reconnection attempts instead of queueing forever:
    // the rate limiters fall back to memory and presence resynchronises on its next heartbeat.
    // Not lazyConnect: the adapter's duplicates of a lazy client call connect() themselves and leave its
    // rejection unhandled when Redis drops at that moment, which would crash the process.
    const client = new Redis(url, { maxRetriesPerRequest: 3 });
    // The adapter duplicates this client for its stream reader and its subscriber, and does not catch what
    // their commands reject with (its SUBSCRIBE, for one). Those connections only read: let their commands wait
    // for Redis to come back rather than fail, so nothing is left rejected and unhandled.
    const duplicate = client.duplicate.bind(client);
    client.duplicate = (override) => duplicate({ maxRetriesPerRequest: null, ...override });
    const link = new RedisLink(client, log);
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', reject);
      });
    } catch (error) {
      client.disconnect();
      throw new RedisUnreachableError(`cannot reach Redis at ${redactedRedisUrl(url)} (REDIS_URL): ${(error as Error).message}`, { cause: error });
    }
    return link;
  }

  /** True while the connection is up. */
  get up(): boolean {
    return this.client.status === 'ready';
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

function redactedRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
