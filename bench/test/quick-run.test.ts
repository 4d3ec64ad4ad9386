/**
 * The harness end to end in quick mode: every scenario against every target it
 * applies to, with real servers (the built Parley and both baselines). No time
 * is asserted — only that the run produced well-formed numbers and that every
 * message sent was delivered, none lost.
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

  it('prints one table with ratios against both baselines and draws the chart', () => {
    const rows = summarise(results);
    const delivered = rows.find((r) => r.scenarioId === 1 && r.key === 'deliveredPerSecond')!;
    expect(delivered.vsSocketIo).toBeCloseTo(delivered.values.parley! / delivered.values.socketio!);
    expect(delivered.vsWs).toBeCloseTo(delivered.values.parley! / delivered.values.ws!);
    const table = renderTable(results, rows);
    expect(table).toContain('| 1 | Conversations | delivered msg/s');
    expect(table).toContain('n/a¹'); // scenario 4 has no baseline
    const svg = renderChart(results, rows);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const label of ['Parley', 'bare Socket.IO', 'bare ws']) expect(svg).toContain(label);
  });
});
