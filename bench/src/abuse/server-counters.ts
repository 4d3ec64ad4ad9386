/**
 * What the server counted about the abuse, from its /metrics (served to
 * loopback without a token): connections cut for flooding, refusals by a rate
 * limit or a cap, by kind, and messages stored; and its event-loop delay,
 * which prom-client resets on every scrape — so a scrape at a window's start
 * and one at its end give the delay within the window.
 */
import { promByLabel, promValue } from '../metrics/prom-text.ts';

export interface ServerCounters {
  /** `parley_flood_cuts_total`. */
  floodCuts: number;
  /** `parley_rate_limited_total` by kind (rest, handshake, engine_handshake, …). */
  rateLimited: Record<string, number>;
  /** `parley_quota_refused_total` by kind (sockets_per_user, open_queries, …). */
  quotaRefused: Record<string, number>;
  /** `parley_messages_stored_total`. */
  messagesStored: number;
}

export interface ServerReading {
  counters: ServerCounters;
  /** Event-loop delay since the previous scrape, ms. */
  eventLoop: { p99Ms: number; maxMs: number };
}

/** Scrapes `/metrics` once. */
export async function readServer(url: string): Promise<ServerReading> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const ms = (name: string) => (promValue(text, name) ?? Number.NaN) * 1000;
  return {
    counters: {
      floodCuts: promValue(text, 'parley_flood_cuts_total') ?? 0,
      rateLimited: Object.fromEntries(promByLabel(text, 'parley_rate_limited_total', 'kind')),
      quotaRefused: Object.fromEntries(promByLabel(text, 'parley_quota_refused_total', 'kind')),
      messagesStored: promValue(text, 'parley_messages_stored_total') ?? 0,
    },
    eventLoop: { p99Ms: ms('nodejs_eventloop_lag_p99_seconds'), maxMs: ms('nodejs_eventloop_lag_max_seconds') },
  };
}

/** What the counters grew by between two readings; kinds that did not grow are left out. */
export function countersDelta(before: ServerCounters, after: ServerCounters): ServerCounters {
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(b).map(([kind, n]) => [kind, n - (a[kind] ?? 0)]).filter(([, n]) => (n as number) > 0));
  return {
    floodCuts: after.floodCuts - before.floodCuts,
    rateLimited: delta(before.rateLimited, after.rateLimited),
    quotaRefused: delta(before.quotaRefused, after.quotaRefused),
    messagesStored: after.messagesStored - before.messagesStored,
  };
}
