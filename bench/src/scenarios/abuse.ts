/**
 * Scenario 7 — abuse: one attacker against everyone else (issue 14). Parley
 * runs with its default limits (target `parley-defaults`: one node on SQLite,
 * loopback trusted as its proxy, so each client is the address its
 * `X-Forwarded-For` header names). The victim — customers at an address of
 * their own sending an acked message every 100 ms, and a `/healthz` poller
 * every 50 ms — is measured in a quiet window, then while one flood runs
 * from an attacker process, for each flood in turn:
 * 1. one fast socket writing `typing` frames as fast as it can;
 * 2. many sockets within the per-connection limits (one user's, and a
 *    hundred users' with 4,000-character messages);
 * 3. a query flood (`POST /api/queries` with 4,000-character bodies);
 * 4. thousands of idle TCP connections.
 * Reported per flood: victim send→ack and `/healthz` p50/p99, quiet and
 * during, and during ÷ quiet (target: every ratio ≤ 2×); the attacker's send
 * rate and CPU; and what the server did to it, as the attacker saw it and as
 * its /metrics counted it. Each flood comes from an address of its own and
 * runs alone, so one flood's cooldowns and quotas do not carry into the next.
 */
import { AttackerProcess } from '../abuse/attacker-process.ts';
import { FloodNames, FloodTitles, VISITORS_PER_ADDRESS, type FloodName, type FloodPlan } from '../abuse/flood.ts';
import { measureWindow, type FloodRecord } from '../abuse/flood-window.ts';
import { Victim } from '../abuse/victim.ts';
import type { AbuseSizes } from '../config/sizes.ts';
import { sleep } from '../load/concurrency.ts';
import { openFileLimit, SPARE_FILES } from '../metrics/open-files.ts';
import type { Target } from '../targets/target.ts';
import { metric, type Metric, type Scenario } from './scenario.ts';

/** The victim's address (TEST-NET-2, RFC 5737): nobody else's. */
/** The victims' addresses: one per customer, `198.51.100.1`, `.2`… (TEST-NET-2). */
export const VICTIM_ADDRESS_PREFIX = '198.51.100.';

/** Flood `index`'s address, and the addresses it signs its visitors in from (TEST-NET-3). */
function attackerAddresses(index: number, sizes: AbuseSizes): { address: string; signIn: string[] } {
  const base = (index + 1) * 10;
  const visitors = Math.max(sizes.messageSockets + 1, sizes.queryVisitors, 1);
  const count = Math.ceil(visitors / VISITORS_PER_ADDRESS);
  if (count > 9) throw new Error(`the abuse scenario signs in at most ${9 * VISITORS_PER_ADDRESS} visitors per flood`);
  return { address: `203.0.113.${base}`, signIn: Array.from({ length: count }, (_, k) => `203.0.113.${base + k + 1}`) };
}

/** A flood whose size is 0 is skipped. */
function enabled(flood: FloodName, sizes: AbuseSizes): boolean {
  switch (flood) {
    case 'fast-socket':
      return sizes.fastSocketFramesPerSecond > 0;
    case 'many-sockets':
      return sizes.typingSockets + sizes.messageSockets > 0;
    case 'query-flood':
      return sizes.queryVisitors > 0 && sizes.queryConcurrency > 0;
    case 'idle-connections':
      return sizes.idleConnections > 0;
  }
}

/** Prepares the attacker, measures the quiet window, then the flood's window. */
async function runFlood(target: Target, victim: Victim, flood: FloodName, index: number, sizes: AbuseSizes, log: (line: string) => void): Promise<FloodRecord> {
  const { address, signIn } = attackerAddresses(index, sizes);
  const plan: FloodPlan = { flood, url: target.url, address, signInAddresses: signIn, sizes };
  const attacker = AttackerProcess.spawn(sizes.attackerNice);
  try {
    await attacker.prepare(plan);
    const quiet = await measureWindow({ target, victim, seconds: sizes.seconds, attackerPid: attacker.pid });
    let stopped: Promise<FloodRecord['attacker']> | undefined;
    const during = await measureWindow({
      target,
      victim,
      seconds: sizes.seconds,
      attackerPid: attacker.pid,
      start: () => attacker.start(),
      end: () => (stopped = attacker.stop()),
    });
    const report = await stopped!;
    log(`${flood}: victim ack p99 ${quiet.victim.ack.p99.toFixed(1)} → ${during.victim.ack.p99.toFixed(1)} ms, /healthz p99 ${quiet.victim.healthz.p99.toFixed(1)} → ${during.victim.healthz.p99.toFixed(1)} ms; attacker ${Math.round(report.rate.perSecond)} ${report.rate.unit}`);
    return { flood, title: FloodTitles[flood], address, quiet, during, attacker: report };
  } finally {
    await attacker.kill();
  }
}

/** `fast-socket` → `fastSocket`: the flood's prefix in metric keys. */
function keyOf(flood: FloodName): string {
  return flood.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** The victim's four latencies, quiet, during and their ratio; the attacker's rate and CPU; the server's CPU. */
function floodMetrics(record: FloodRecord): Metric[] {
  const key = keyOf(record.flood);
  const metrics: Metric[] = [];
  const series = [
    ['AckP50', 'victim p50 send→ack', (w: FloodRecord['quiet']) => w.victim.ack.p50],
    ['AckP99', 'victim p99 send→ack', (w: FloodRecord['quiet']) => w.victim.ack.p99],
    ['HealthzP50', '/healthz p50', (w: FloodRecord['quiet']) => w.victim.healthz.p50],
    ['HealthzP99', '/healthz p99', (w: FloodRecord['quiet']) => w.victim.healthz.p99],
  ] as const;
  for (const [suffix, label, read] of series) {
    const quiet = read(record.quiet);
    const during = read(record.during);
    metrics.push(
      metric(`${key}${suffix}Quiet`, `${record.title}: ${label}, quiet`, 'ms', quiet, 'lower'),
      metric(`${key}${suffix}`, `${record.title}: ${label}, during`, 'ms', during, 'lower'),
      metric(`${key}${suffix}Ratio`, `${record.title}: ${label}, during ÷ quiet`, '×', during / quiet, 'lower'),
    );
  }
  metrics.push(
    metric(`${key}AttackerRate`, `${record.title}: attacker ${record.attacker.rate.label}`, record.attacker.rate.unit, record.attacker.rate.perSecond, 'higher'),
    metric(`${key}AttackerCores`, `${record.title}: attacker CPU`, 'cores', record.during.attackerCores, 'lower'),
    metric(`${key}ServerCores`, `${record.title}: server CPU, during`, 'cores', record.during.serverCores, 'lower'),
    // On a 2-core machine: near 2 means the attacker, the server and the victim were competing for CPU.
    metric(`${key}MachineCores`, `${record.title}: whole machine busy, during`, 'cores', record.during.machineCores, 'lower'),
  );
  return metrics;
}

/** One line per flood: what the server did to the attacker, from both sides. */
function floodNote(record: FloodRecord): string {
  const server = record.during.server;
  const list = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const victimAcks = record.during.victim.acked;
  return (
    `${record.title} from ${record.address}: attacker ${Math.round(record.attacker.rate.perSecond)} ${record.attacker.rate.unit} ` +
    `at ${record.during.attackerCores.toFixed(2)} cores; server counted: flood cuts ${server.floodCuts}, rate limited {${list(server.rateLimited)}}, ` +
    `quota refused {${list(server.quotaRefused)}}, messages stored other than the victim's ${server.messagesStored - victimAcks}; ` +
    `attacker saw: ${list(record.attacker.counts)}`
  );
}

export const abuseScenario: Scenario = {
  id: 7,
  name: 'abuse',
  title: 'Abuse',
  description: "one attacker vs. everyone else: the victim's send→ack and /healthz latency, quiet vs. during each flood",
  targets: ['parley-defaults'],
  async run({ target, sizes, log }) {
    const abuse = { ...sizes.abuse };
    // Each idle connection is one open file in the attacker and one in the server.
    const fileLimit = openFileLimit();
    const capped = abuse.idleConnections > fileLimit - SPARE_FILES;
    if (capped) abuse.idleConnections = Math.max(0, fileLimit - SPARE_FILES);
    const victim = await Victim.start({
      url: target.url,
      addressPrefix: VICTIM_ADDRESS_PREFIX,
      count: abuse.victims,
      intervalMs: abuse.victimIntervalMs,
      healthzIntervalMs: abuse.healthzIntervalMs,
    });
    const floods: FloodRecord[] = [];
    try {
      for (const [index, flood] of FloodNames.entries()) {
        if (!enabled(flood, abuse)) continue;
        log(`${flood}: preparing, then ${abuse.seconds}s quiet and ${abuse.seconds}s flooded`);
        floods.push(await runFlood(target, victim, flood, index, abuse, log));
        await sleep(abuse.settleSeconds * 1000);
      }
    } finally {
      victim.close();
    }
    const windows = floods.flatMap((f) => [f.quiet, f.during]).map((w) => w.victim);
    const sent = windows.reduce((n, w) => n + w.sent, 0);
    const acked = windows.reduce((n, w) => n + w.acked, 0);
    const errors = windows.reduce((n, w) => n + Object.values(w.errors).reduce((a, b) => a + b, 0) + w.healthzErrors, 0);
    const ratios = floods.flatMap(floodMetrics).filter((m) => m.key.endsWith('Ratio'));
    return {
      target: target.name,
      metrics: [
        metric('worstRatio', 'worst victim ratio, during ÷ quiet (all floods)', '×', Math.max(...ratios.map((m) => m.value)), 'lower'),
        ...floods.flatMap(floodMetrics),
      ],
      // The victim's messages: nobody else is in its rooms, so an ack is the delivery. Any refusal is an error.
      checks: { sent, acked, expected: sent, delivered: acked, lost: Math.max(0, sent - acked), errors: errors + victim.drops },
      notes: [
        `victim: ${abuse.victims} customers from ${VICTIM_ADDRESS_PREFIX}1–${abuse.victims}, one message every ${abuse.victimIntervalMs} ms in turn, /healthz every ${abuse.healthzIntervalMs} ms; ` +
          `${abuse.seconds}s quiet then ${abuse.seconds}s flooded per flood; Parley with its default limits, TRUST_PROXY=loopback`,
        ...(capped ? [`idle connections capped at ${abuse.idleConnections} (asked ${sizes.abuse.idleConnections}) by the open-file limit of ${fileLimit}`] : []),
        ...floods.map(floodNote),
      ],
      floods,
    };
  },
};
