/**
 * Prometheus metrics (prom-client). One registry per server instance, so tests
 * and benchmarks can run several servers in one process.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { countOpenDescriptors } from './open-descriptors.js';

/**
 * prom-client's default metrics that list every handle or descriptor synchronously on each scrape, which held the
 * event loop for about 30 ms per scrape with 10,000 sockets (docs/operations.md, "Metrics").
 * `parley_connected_sockets` counts connections; `process_open_fds` is counted again below without blocking.
 */
const BLOCKING_DEFAULT_METRICS = [
  'process_open_fds',
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
] as const;

export class Metrics {
  readonly registry = new Registry();
  readonly messagesStored = new Counter({
    name: 'parley_messages_stored_total',
    help: 'Messages durably stored (retries not counted).',
    registers: [this.registry],
  });
  readonly commitBatchSize = new Histogram({
    name: 'parley_commit_batch_size',
    help: 'Messages per store commit (group commit).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [this.registry],
  });
  readonly ackLatency = new Histogram({
    name: 'parley_ack_latency_seconds',
    help: 'Time from receiving an acknowledged socket event to sending its ack, by event.',
    labelNames: ['event'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly connectedSockets = new Gauge({
    name: 'parley_connected_sockets',
    help: 'Connected Socket.IO sockets, by namespace.',
    labelNames: ['namespace'],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'parley_rate_limited_total',
    help: 'Requests refused by a rate limit, by kind.',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly quotaRefused = new Counter({
    name: 'parley_quota_refused_total',
    help: 'Requests refused by a cap on things held at once (quota_exceeded), by kind.',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly floodCuts = new Counter({
    name: 'parley_flood_cuts_total',
    help: 'Connections cut for sending packets faster than PACKET_RATE_LIMIT.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of BLOCKING_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
    new Gauge({
      name: 'process_open_fds',
      help: 'Number of open file descriptors.',
      registers: [this.registry],
      async collect() {
        const count = await countOpenDescriptors();
        if (count !== null) this.set(count);
      },
    });
  }
}
