/**
 * The socket side's rate limits, built once by the composition root. Limits a
 * client could take to another node (handshakes per IP, anything per user,
 * cooldowns) are counted on the shared backend (Redis in a cluster);
 * per-connection ones in this node's memory, where the connection lives.
 */
import type { ServerConfig } from '../config/config.js';
import { cooldown, noCooldown, type Cooldown } from '../rate-limits/cooldown.js';
import { burstyLimiter, memoryBackend, windowLimiter, type LimiterBackend, type RateLimiter } from '../rate-limits/rate-limiter.js';

export interface SocketLimits {
  /**
   * Raw engine.io handshakes per IP: they never reach Fastify's limiter nor the namespace middleware. Twice the
   * namespace limit, so a well-behaved client is refused by the middleware (with a code) first.
   */
  engineHandshakes: RateLimiter;
  /** Namespace handshakes per IP. */
  handshakes: RateLimiter;
  /** `message:send` per user, whichever sockets and nodes they send from. */
  messages: RateLimiter;
  /** Messages per customer per minute: bounds what one customer can make the database keep. */
  customerMessages: RateLimiter;
  /** Customers' messages per client address per minute: the same bound for an address signing in many customers. */
  customerMessagesPerAddress: RateLimiter;
  /** `typing` relays per user (repeats are coalesced before they reach it: typing-relay.ts). */
  typing: RateLimiter;
  /** `query:join` per connection (each can read up to two pages). */
  joins: RateLimiter;
  /** A customer's `query:join`s over all their connections and nodes: four connections' worth. */
  customerJoins: RateLimiter;
  /** Every other event per connection, invalid and unknown ones included. */
  events: RateLimiter;
  /** Addresses and users whose connection was cut for flooding (flood-guard.ts). */
  cooldown: Cooldown;
}

export function socketLimits(config: ServerConfig, shared: LimiterBackend): SocketLimits {
  return {
    engineHandshakes: burstyLimiter(config.handshakeRateLimit * 2, 'engine-handshakes', shared),
    handshakes: burstyLimiter(config.handshakeRateLimit, 'handshakes', shared),
    messages: burstyLimiter(config.rateLimitMessages, 'messages', shared),
    customerMessages: windowLimiter(
      config.customerMessagesPerMinute,
      60,
      'customer-messages',
      `too many messages: at most ${config.customerMessagesPerMinute} per minute`,
      shared,
    ),
    customerMessagesPerAddress: windowLimiter(
      config.customerMessagesPerMinutePerIp,
      60,
      'customer-messages-per-ip',
      `too many messages from this address: at most ${config.customerMessagesPerMinutePerIp} per minute`,
      shared,
    ),
    typing: burstyLimiter(config.typingRateLimit, 'typing', shared),
    joins: burstyLimiter(config.joinRateLimit, 'joins', memoryBackend),
    customerJoins: burstyLimiter(config.joinRateLimit * 4, 'customer-joins', shared),
    events: burstyLimiter(config.eventRateLimit, 'events', memoryBackend),
    cooldown: config.packetRateLimit > 0 ? cooldown(config.floodCooldownSeconds, shared) : noCooldown,
  };
}
