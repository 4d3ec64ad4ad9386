/**
 * The Redis a cluster shares, over a measured window: how many commands it
 * ran (by command), its CPU, and how many entries the cluster's broadcast
 * stream received. The machine's Redis is shared — with other clusters under
 * other prefixes, with other people's tests — and Redis counts commands and
 * CPU for the whole server only, so those two include anyone else's traffic
 * in the window. The stream's `entries-added` is exact: it is the Socket.IO
 * adapter's XADDs under this cluster's prefix and nobody else's.
 */
import { Redis } from 'ioredis';
import type { RedisUsage } from '../targets/target.ts';

interface RedisReading {
  byCommand: Map<string, number>;
  cpuSeconds: number;
  streamEntries: number;
}

/** Calls per command from `INFO commandstats` (`cmdstat_xadd:calls=12,usec=…`), keyed `xadd`, `client|list`… */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of info.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match) calls.set(match[1]!, Number(match[2]));
  }
  return calls;
}

/** used_cpu_sys + used_cpu_user from `INFO cpu`, in seconds. */
export function parseCpuSeconds(info: string): number {
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return field('used_cpu_sys') + field('used_cpu_user');
}

/** What happened between two readings; commands that ran fewer than once are left out. */
export function diffReadings(before: RedisReading, after: RedisReading): RedisUsage {
  const byCommand: Record<string, number> = {};
  let commands = 0;
  const sorted = [...after.byCommand].map(([name, calls]) => [name, calls - (before.byCommand.get(name) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
  for (const [name, calls] of sorted) {
    if (calls <= 0) continue;
    byCommand[name] = calls;
    commands += calls;
  }
  return { byCommand, commands, cpuSeconds: after.cpuSeconds - before.cpuSeconds, streamEntries: after.streamEntries - before.streamEntries };
}

export class RedisWindow {
  readonly #redis: Redis;
  readonly #stream: string;
  readonly #start: RedisReading;

  private constructor(redis: Redis, stream: string, start: RedisReading) {
    this.#redis = redis;
    this.#stream = stream;
    this.#start = start;
  }

  /** Connects to `url` and takes the first reading; `stream` is the broadcast stream's key (`<prefix>:socket.io`). */
  static async start(url: string, stream: string): Promise<RedisWindow> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      return new RedisWindow(redis, stream, await RedisWindow.#read(redis, stream));
    } catch (error) {
      redis.disconnect();
      throw error;
    }
  }

  /** Takes the last reading and disconnects. */
  async stop(): Promise<RedisUsage> {
    try {
      return diffReadings(this.#start, await RedisWindow.#read(this.#redis, this.#stream));
    } finally {
      this.#redis.disconnect();
    }
  }

  static async #read(redis: Redis, stream: string): Promise<RedisReading> {
    const [commandStats, cpu, streamEntries] = await Promise.all([
      redis.info('commandstats'),
      redis.info('cpu'),
      // No stream yet (nothing broadcast so far): nothing added.
      (redis.call('XINFO', 'STREAM', stream) as Promise<unknown[]>).then(
        (fields) => Number(fields[fields.indexOf('entries-added') + 1] ?? Number.NaN),
        () => 0,
      ),
    ]);
    return { byCommand: parseCommandStats(commandStats), cpuSeconds: parseCpuSeconds(cpu), streamEntries };
  }
}
