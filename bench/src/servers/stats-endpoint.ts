/**
 * The baselines' side channel: `GET /stats` answers the process's memory and
 * the event-loop delay since the previous call, then resets the histogram —
 * the same sampling (monitorEventLoopDelay, 10 ms resolution, reset on read)
 * that prom-client uses for Parley's `nodejs_eventloop_lag_*` metrics, so the
 * numbers compare.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What `GET /stats` returns. Times are in seconds, sizes in bytes. */
export interface ServerStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  eventLoop: { mean: number; p50: number; p99: number; max: number };
  connections: number;
}

/** prom-client's default `eventLoopMonitoringPrecision`. */
const RESOLUTION_MS = 10;

/** Returns an HTTP handler serving `/stats`; anything else is a 404. */
export function createStatsHandler(countConnections: () => number) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url !== '/stats') {
      res.writeHead(404).end();
      return;
    }
    const memory = process.memoryUsage();
    const stats: ServerStats = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      eventLoop: {
        mean: histogram.mean / 1e9,
        p50: histogram.percentile(50) / 1e9,
        p99: histogram.percentile(99) / 1e9,
        max: histogram.max / 1e9,
      },
      connections: countConnections(),
    };
    histogram.reset();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
  };
}

/** Reads PORT (required, 0 = any) and prints the bound port so the parent knows it. */
export function announceListening(port: number): void {
  process.stdout.write(`listening on port ${port}\n`);
}
