/**
 * Agent presence shared by every node through Redis. Each node counts its own
 * agents' sockets (in memory, the truth for this node) and mirrors them into
 * Redis, where an agent is online while any live node has a socket of theirs.
 *
 * Keys, under `<REDIS_PREFIX>:presence`:
 * - `:nodes`      sorted set, node id → the moment (Redis's clock, ms) it is declared dead unless it beats again;
 * - `:node:<id>`  hash, agent id → that node's socket count;
 * - `:agent:<id>` set of the nodes where the agent has sockets;
 * - `:away`       set of agents who chose away.
 * Every change is one Lua script, so concurrent nodes never see half of one.
 *
 * Every {@link PresenceOptions.heartbeatMs} a node beats: it pushes its whole
 * local state (which repairs anything lost — a Redis restart, a command that
 * failed while Redis was away, its own entry reaped after a long pause) and
 * reaps the nodes that missed {@link MISSED_BEATS} beats, whose agents go
 * offline unless another node has them. An agent of a node killed outright is
 * therefore shown offline within (MISSED_BEATS + 1) × heartbeatMs (20 s by
 * default), and online again as soon as they reconnect to another node.
 * Every change a script reports becomes a `presence:changed` domain event
 * (`customer-presence:changed` for the customers' tracker, under
 * `<REDIS_PREFIX>:customer-presence`), announced by the one node that made it.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PresenceStatus } from '@parley/protocol';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DomainEvents } from '../domain/domain-events.js';
import { announcePresence, type PresenceSubject, type PresenceTracker } from '../realtime/presence.js';

/** Beats a node may miss before the others declare it dead. */
export const MISSED_BEATS = 3;

export interface PresenceOptions {
  redis: Redis;
  /** REDIS_PREFIX. */
  prefix: string;
  heartbeatMs: number;
  events: Pick<DomainEvents, 'emit'>;
  log: Pick<Logger, 'warn'>;
  /** Agents (the default; keys under `:presence`) or customers (keys under `:customer-presence`). */
  subject?: PresenceSubject;
  /** This node's id (default: host, pid and a random part). */
  nodeId?: string;
}

/** Returns 'online' when the agent's first socket in the cluster arrived. */
const CONNECT = `
local P, n, a = ARGV[1], ARGV[2], ARGV[3]
redis.call('HINCRBY', P .. ':node:' .. n, a, 1)
if redis.call('SADD', P .. ':agent:' .. a, n) == 1 and redis.call('SCARD', P .. ':agent:' .. a) == 1 then
  redis.call('SREM', P .. ':away', a)
  return 'online'
end
return false`;

/** Returns 'offline' when the agent's last socket in the cluster went. */
const DISCONNECT = `
local P, n, a = ARGV[1], ARGV[2], ARGV[3]
if redis.call('HINCRBY', P .. ':node:' .. n, a, -1) > 0 then return false end
redis.call('HDEL', P .. ':node:' .. n, a)
redis.call('SREM', P .. ':agent:' .. a, n)
if redis.call('SCARD', P .. ':agent:' .. a) == 0 then
  redis.call('SREM', P .. ':away', a)
  return 'offline'
end
return false`;

/** Returns the new status when it changed; nothing while the agent has no socket. */
const SET = `
local P, a, status = ARGV[1], ARGV[2], ARGV[3]
if redis.call('SCARD', P .. ':agent:' .. a) == 0 then return false end
if status == 'away' then
  if redis.call('SADD', P .. ':away', a) == 1 then return 'away' end
elseif redis.call('SREM', P .. ':away', a) == 1 then
  return 'online'
end
return false`;

/** One status per agent given. */
const STATUSES = `
local P = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local a = ARGV[i]
  if redis.call('SCARD', P .. ':agent:' .. a) == 0 then out[#out + 1] = 'offline'
  elseif redis.call('SISMEMBER', P .. ':away', a) == 1 then out[#out + 1] = 'away'
  else out[#out + 1] = 'online' end
end
return out`;

/**
 * The beat: renews this node's deadline, replaces its entries with its whole local state (ARGV 4… as agent,
 * count pairs; an empty list for leave), reaps the dead. Returns {agents now online, agents now offline}.
 * With ARGV[3] = 'leave' the node removes itself instead of renewing.
 */
const BEAT = `
local P, n, ttl = ARGV[1], ARGV[2], ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local online, offline = {}, {}
local function drop(node, agent)
  redis.call('SREM', P .. ':agent:' .. agent, node)
  if redis.call('SCARD', P .. ':agent:' .. agent) == 0 then
    redis.call('SREM', P .. ':away', agent)
    offline[#offline + 1] = agent
  end
end
local key = P .. ':node:' .. n
local before = redis.call('HKEYS', key)
redis.call('DEL', key)
local now_here = {}
if ttl == 'leave' then
  redis.call('ZREM', P .. ':nodes', n)
else
  redis.call('ZADD', P .. ':nodes', now + tonumber(ttl), n)
  for i = 4, #ARGV, 2 do
    local a = ARGV[i]
    now_here[a] = true
    redis.call('HSET', key, a, ARGV[i + 1])
    if redis.call('SADD', P .. ':agent:' .. a, n) == 1 and redis.call('SCARD', P .. ':agent:' .. a) == 1 then
      redis.call('SREM', P .. ':away', a)
      online[#online + 1] = a
    end
  end
end
for _, a in ipairs(before) do
  if not now_here[a] then drop(n, a) end
end
for _, d in ipairs(redis.call('ZRANGEBYSCORE', P .. ':nodes', '-inf', now)) do
  redis.call('ZREM', P .. ':nodes', d)
  local dk = P .. ':node:' .. d
  for _, a in ipairs(redis.call('HKEYS', dk)) do drop(d, a) end
  redis.call('DEL', dk)
end
return {online, offline}`;

type Scripted = Redis & {
  parleyPresenceConnect(...args: string[]): Promise<string | null>;
  parleyPresenceDisconnect(...args: string[]): Promise<string | null>;
  parleyPresenceSet(...args: string[]): Promise<string | null>;
  parleyPresenceStatuses(...args: string[]): Promise<PresenceStatus[]>;
  parleyPresenceBeat(...args: string[]): Promise<[string[], string[]]>;
};

export class RedisPresence implements PresenceTracker {
  readonly nodeId: string;
  readonly #redis: Scripted;
  readonly #key: string;
  readonly #options: PresenceOptions;
  /** This node's sockets per agent: what it pushes on every beat. */
  readonly #local = new Map<string, number>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #beating: Promise<void> | null = null;
  /** After close(): this node counts nobody any more (its sockets are being closed as it shuts down). */
  #closed = false;

  constructor(options: PresenceOptions) {
    this.#options = options;
    this.nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#key = `${options.prefix}:${options.subject === 'customer' ? 'customer-presence' : 'presence'}`;
    const redis = options.redis as Scripted;
    // defineCommand runs each script by its SHA (EVALSHA), loading it again after a Redis restart.
    if (typeof (options.redis as { parleyPresenceBeat?: unknown }).parleyPresenceBeat !== 'function') {
      redis.defineCommand('parleyPresenceConnect', { numberOfKeys: 0, lua: CONNECT });
      redis.defineCommand('parleyPresenceDisconnect', { numberOfKeys: 0, lua: DISCONNECT });
      redis.defineCommand('parleyPresenceSet', { numberOfKeys: 0, lua: SET });
      redis.defineCommand('parleyPresenceStatuses', { numberOfKeys: 0, lua: STATUSES });
      redis.defineCommand('parleyPresenceBeat', { numberOfKeys: 0, lua: BEAT });
    }
    this.#redis = redis;
  }

  /** Registers this node and starts beating. */
  async start(): Promise<void> {
    await this.beat();
    this.#timer = setInterval(() => void this.beat(), this.#options.heartbeatMs);
    this.#timer.unref();
  }

  /**
   * One beat now (also what the timer runs): push this node's state, reap dead nodes, announce the changes.
   * A beat that fails (Redis away) is only logged: the next one repairs everything.
   */
  async beat(mode: 'beat' | 'leave' = 'beat'): Promise<void> {
    // One beat at a time: two in flight could push states in the wrong order.
    while (this.#beating) await this.#beating;
    this.#beating = (async () => {
      try {
        const ttl = mode === 'leave' ? 'leave' : String(this.#options.heartbeatMs * MISSED_BEATS);
        const pairs = mode === 'leave' ? [] : [...this.#local].flatMap(([agent, count]) => [agent, String(count)]);
        const [online, offline] = await this.#redis.parleyPresenceBeat(this.#key, this.nodeId, ttl, ...pairs);
        for (const agentId of online) this.#announce(agentId, 'online');
        for (const agentId of offline) this.#announce(agentId, 'offline');
      } catch (error) {
        this.#options.log.warn({ err: error }, 'presence heartbeat failed; the next one will repair it');
      }
    })();
    try {
      await this.#beating;
    } finally {
      this.#beating = null;
    }
  }

  async connected(agentId: string): Promise<void> {
    if (this.#closed) return;
    this.#local.set(agentId, (this.#local.get(agentId) ?? 0) + 1);
    await this.#run(agentId, () => this.#redis.parleyPresenceConnect(this.#key, this.nodeId, agentId));
  }

  async disconnected(agentId: string): Promise<void> {
    if (this.#closed) return;
    const count = (this.#local.get(agentId) ?? 0) - 1;
    if (count > 0) this.#local.set(agentId, count);
    else this.#local.delete(agentId);
    await this.#run(agentId, () => this.#redis.parleyPresenceDisconnect(this.#key, this.nodeId, agentId));
  }

  async set(agentId: string, status: 'online' | 'away'): Promise<void> {
    await this.#run(agentId, () => this.#redis.parleyPresenceSet(this.#key, agentId, status));
  }

  async status(agentId: string): Promise<PresenceStatus> {
    return (await this.statuses([agentId])).get(agentId) ?? 'offline';
  }

  async statuses(agentIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    if (agentIds.length === 0) return new Map();
    try {
      const statuses = await this.#redis.parleyPresenceStatuses(this.#key, ...agentIds);
      return new Map(agentIds.map((id, i) => [id, statuses[i] ?? 'offline']));
    } catch (error) {
      // Redis away: this node still knows its own agents; the others' are unknown, shown offline.
      this.#options.log.warn({ err: error }, 'presence unavailable; showing this node’s agents only');
      return new Map(agentIds.map((id) => [id, this.#local.has(id) ? 'online' : 'offline']));
    }
  }

  /**
   * Stops beating and removes this node: its agents go offline unless another node has them, announced while
   * the node can still broadcast. Called by a shutdown before it closes the sockets, whose disconnections are
   * then no longer counted.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#local.clear();
    await this.beat('leave');
  }

  async #run(agentId: string, script: () => Promise<string | null>): Promise<void> {
    try {
      const changed = await script();
      if (changed === 'online' || changed === 'offline' || changed === 'away') this.#announce(agentId, changed);
    } catch (error) {
      // Redis away: the local count is already right, and the next beat pushes it.
      this.#options.log.warn({ err: error }, 'presence update failed; the next heartbeat will repair it');
    }
  }

  #announce(agentId: string, status: PresenceStatus): void {
    announcePresence(this.#options.events, this.#options.subject ?? 'agent', agentId, status);
  }
}
