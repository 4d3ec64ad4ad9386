/**
 * The harness end to end in quick mode: every scenario against every target it
 * applies to, with real servers (the built Parley on SQLite and on PostgreSQL,
 * a three-node Parley cluster behind HAProxy, both baselines). No time is
 * asserted — only that the run produced well-formed numbers and that every
 * message sent was delivered, none lost. PostgreSQL, Redis and HAProxy must be
 * there, as for the server's cluster tests (.ci/run provides them).
 */
import { describe, expect, it } from 'vitest';
import { QUICK_SIZES } from '../src/config/sizes.ts';
import { renderChart } from '../src/report/chart.ts';
import { summarise } from '../src/report/summary.ts';
import { renderTable } from '../src/report/table.ts';
import { runBench, type BenchResults } from '../src/runner.ts';
import { allScenarios } from '../src/scenarios/all.ts';
import { TargetNames } from '../src/targets/target.ts';

describe('quick benchmark run', () => {
  let results: BenchResults;

  it('runs every scenario against every target it applies to', async () => {
    results = await runBench({
      sizes: QUICK_SIZES,
      scenarios: allScenarios,
      targets: TargetNames,
      rounds: 1,
      client: 'thin',
      quick: true,
      log: () => {},
    });
    const ran = results.scenarios.map((s) => [s.id, s.runs.map((r) => r.target).sort()]);
    expect(ran).toEqual(allScenarios.map((s) => [s.id, [...s.targets].sort()]));
    for (const run of results.scenarios.flatMap((s) => s.runs)) expect(run.error, `${run.target}`).toBeUndefined();
  });

  it('delivers every message sent and loses none, on every target', () => {
    for (const scenario of results.scenarios) {
      for (const run of scenario.runs) {
        const where = `scenario ${scenario.id} on ${run.target}`;
        expect(run.checks.sent, where).toBeGreaterThan(0);
        expect(run.checks.acked, where).toBe(run.checks.sent);
        expect(run.checks.delivered, where).toBe(run.checks.expected);
        expect(run.checks.lost, where).toBe(0);
        expect(run.checks.errors, where).toBe(0);
      }
    }
  });

  it('reports a finite, non-negative number for every metric', () => {
    for (const scenario of results.scenarios) {
      for (const run of scenario.runs) {
        expect(run.metrics.length).toBeGreaterThan(0);
        for (const m of run.metrics) {
          const where = `${scenario.name}.${m.key} on ${run.target}`;
          expect(Number.isFinite(m.value), where).toBe(true);
          // Heap growth may be negative when a GC ran between the two readings.
          if (m.key !== 'heapPerConnection') expect(m.value, where).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('counts what a message costs beyond the Parley processes, on PostgreSQL and on the cluster', () => {
    const metricsOf = (scenarioId: number, target: string) =>
      new Map(results.scenarios.find((s) => s.id === scenarioId)!.runs.find((r) => r.target === target)!.metrics.map((m) => [m.key, m.value]));
    const cluster = metricsOf(1, 'parley-cluster');
    for (const key of ['meanBatch', 'databaseCpuPer1000', 'walPerMessage', 'redisCommandsPerMessage', 'redisStreamEntriesPerMessage', 'proxyCpuPer1000']) {
      expect(cluster.has(key), key).toBe(true);
    }
    // Every message is broadcast through the cluster's Redis stream at least once (an exact count, not a time).
    expect(cluster.get('redisStreamEntriesPerMessage')).toBeGreaterThanOrEqual(1);
    expect(metricsOf(1, 'parley-pg').has('databaseCpuPer1000')).toBe(true);
    expect(metricsOf(1, 'parley').has('databaseCpuPer1000')).toBe(false);
    const store = metricsOf(6, 'parley-pg');
    expect(store.get('groupMeanBatch')).toBeGreaterThanOrEqual(1);
    expect(store.get('singleMeanBatch')).toBe(1);
    expect(store.has('groupDatabaseCpuPer1000')).toBe(true);
  });

  it('prints one table with ratios against the baselines and between stores, and draws the chart', () => {
    const rows = summarise(results);
    const delivered = rows.find((r) => r.scenarioId === 1 && r.key === 'deliveredPerSecond')!;
    expect(delivered.vsSocketIo).toBeCloseTo(delivered.values.parley! / delivered.values.socketio!);
    expect(delivered.vsWs).toBeCloseTo(delivered.values.parley! / delivered.values.ws!);
    expect(delivered.pgVsSocketIo).toBeCloseTo(delivered.values['parley-pg']! / delivered.values.socketio!);
    expect(delivered.clusterVsSocketIo).toBeCloseTo(delivered.values['parley-cluster']! / delivered.values.socketio!);
    const stored = rows.find((r) => r.scenarioId === 6 && r.key === 'groupPerSecond')!;
    expect(stored.pgVsSqlite).toBeCloseTo(stored.values['parley-pg']! / stored.values.parley!);
    const table = renderTable(results, rows);
    expect(table).toContain('| 1 | Conversations | delivered msg/s');
    expect(table).toContain('| PG ÷ Socket.IO | cluster ÷ Socket.IO | PG ÷ SQLite |');
    expect(table).toContain('n/a¹'); // scenario 4 has no baseline
    const svg = renderChart(results, rows);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const label of ['Parley', 'Parley PG', 'Parley cluster', 'bare Socket.IO', 'bare ws']) expect(svg).toContain(label);
  });
});
