/**
 * A target's window counters (commits, PostgreSQL, Redis, HAProxy) as
 * metrics, per message appended in the window — the figures a capacity model
 * multiplies by a message rate. Each is reported only where the target has
 * it, so the baselines' and SQLite's columns simply stay empty.
 */
import type { WindowCounters } from '../targets/target.ts';
import { metric, type Metric } from './scenario.ts';

export interface WindowMetricNames {
  /** Prefixed to each key, e.g. `group` → `groupMeanBatch` (scenario 6 reports two modes). */
  keyPrefix?: string;
  /** Prefixed to each label, e.g. `group commit: `. */
  labelPrefix?: string;
}

/** Metrics from `counters` over a window of `seconds`. */
export function windowMetrics(counters: WindowCounters, seconds: number, names: WindowMetricNames = {}): Metric[] {
  const { keyPrefix = '', labelPrefix = '' } = names;
  const key = (name: string) => (keyPrefix ? keyPrefix + name[0]!.toUpperCase() + name.slice(1) : name);
  const metrics: Metric[] = [];
  const add = (name: string, label: string, unit: string, value: number | undefined, better: 'higher' | 'lower') => {
    if (value !== undefined && Number.isFinite(value)) metrics.push(metric(key(name), labelPrefix + label, unit, value, better));
  };
  const messages = counters.committedMessages;
  const perMessage = (value: number | undefined) => (value === undefined || !messages ? undefined : value / messages);
  const per1000 = (value: number | undefined) => (value === undefined || !messages ? undefined : value / (messages / 1000));

  add('meanBatch', 'messages per commit', 'msgs', counters.commits ? (messages ?? Number.NaN) / counters.commits : undefined, 'higher');
  // At a given message rate, fewer commits means bigger batches: what the database's disk has to sync.
  add('commitsPerSecond', 'append commits/s (all nodes)', 'commits/s', counters.commits === undefined ? undefined : counters.commits / seconds, 'lower');
  add('databaseCpuPer1000', 'PostgreSQL CPU-s / 1,000 msgs', 'CPU-s', per1000(counters.databaseCpuSeconds), 'lower');
  add('walPerMessage', 'WAL written / msg (whole server)', 'bytes', perMessage(counters.walBytes), 'lower');
  if (counters.redis) {
    add('redisCommandsPerMessage', 'Redis cmds / msg (whole Redis)', 'cmds', perMessage(counters.redis.commands), 'lower');
    add('redisStreamEntriesPerMessage', 'Redis stream entries / msg', 'entries', perMessage(counters.redis.streamEntries), 'lower');
    add('redisCpuPer1000', 'Redis CPU-s / 1,000 msgs (whole)', 'CPU-s', per1000(counters.redis.cpuSeconds), 'lower');
  }
  if (counters.proxyCpuSeconds !== undefined) {
    add('proxyCpuPer1000', 'HAProxy CPU-s / 1,000 msgs', 'CPU-s', per1000(counters.proxyCpuSeconds), 'lower');
    add('proxyCores', 'HAProxy CPU', 'cores', counters.proxyCpuSeconds / seconds, 'lower');
  }
  return metrics;
}

/** "xadd 1,234, evalsha 56, …": the commands Redis ran most in the window, for a run's notes. */
export function redisCommandNote(counters: WindowCounters, top = 8): string[] {
  if (!counters.redis) return [];
  const list = Object.entries(counters.redis.byCommand).slice(0, top).map(([name, calls]) => `${name} ${calls}`).join(', ');
  return [`Redis in the window (whole server, anyone else's commands included): ${counters.redis.commands} commands (${list}); ${counters.redis.streamEntries} entries added to the cluster's stream`];
}
