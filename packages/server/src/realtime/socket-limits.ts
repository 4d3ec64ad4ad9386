/**
 * The socket side's rate limits, built once by the composition root. Limits a
 * client could take to another node (handshakes per IP) are counted on the
 * shared backend (Redis in a cluster); per-connection ones in this node's memory,
 * where the connection lives.
 */
import type { ServerConfig } from '../config/config.js';
import { burstyLimiter, memoryBackend, type LimiterBackend, type RateLimiter } from '../rate-limits/rate-limiter.js';

export interface SocketLimits {
  /**
   * Raw engine.io handshakes per IP: they never reach Fastify's limiter nor the namespace middleware. Twice the
   * namespace limit, so a well-behaved client is refused by the middleware (with a code) first.
   */
  engineHandshakes: RateLimiter;
  /** Namespace handshakes per IP. */
  handshakes: RateLimiter;
  /** `message:send` per connection. */
  messages: RateLimiter;
  /** `query:join` per connection (each can read up to two pages). */
  joins: RateLimiter;
  /** Every other event per connection, invalid and unknown ones included. */
  events: RateLimiter;
}

export function socketLimits(config: ServerConfig, shared: LimiterBackend): SocketLimits {
  return {
    engineHandshakes: burstyLimiter(config.handshakeRateLimit * 2, 'engine-handshakes', shared),
    handshakes: burstyLimiter(config.handshakeRateLimit, 'handshakes', shared),
    messages: burstyLimiter(config.rateLimitMessages, 'messages', memoryBackend),
    joins: burstyLimiter(config.joinRateLimit, 'joins', memoryBackend),
    events: burstyLimiter(config.eventRateLimit, 'events', memoryBackend),
  };
}
