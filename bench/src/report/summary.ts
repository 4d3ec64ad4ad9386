/**
 * Turns the runs of a scenario into one row per metric: each target's value
 * (the median over rounds) and the ratios in {@link Ratios}.
 */
import type { BenchResults } from '../runner.ts';
import type { Better } from '../scenarios/scenario.ts';
import { TargetNames, type TargetName } from '../targets/target.ts';

/**
 * The ratios the table and the chart show, each `of` ÷ `to` for every metric both have: Parley against the two
 * baselines, Parley on PostgreSQL and the cluster against bare Socket.IO, and what each step towards a cluster
 * costs (PostgreSQL ÷ SQLite, cluster ÷ one PostgreSQL node).
 */
export const Ratios = [
  { key: 'vsSocketIo', label: 'Parley ÷ Socket.IO', of: 'parley', to: 'socketio' },
  { key: 'vsWs', label: 'Parley ÷ ws', of: 'parley', to: 'ws' },
  { key: 'pgVsSocketIo', label: 'PG ÷ Socket.IO', of: 'parley-pg', to: 'socketio' },
  { key: 'clusterVsSocketIo', label: 'cluster ÷ Socket.IO', of: 'parley-cluster', to: 'socketio' },
  { key: 'pgVsSqlite', label: 'PG ÷ SQLite', of: 'parley-pg', to: 'parley' },
  { key: 'clusterVsPg', label: 'cluster ÷ PG', of: 'parley-cluster', to: 'parley-pg' },
  { key: 'workerVsEventLoop', label: 'worker ÷ event loop', of: 'parley', to: 'parley-event-loop' },
] as const satisfies ReadonlyArray<{ key: string; label: string; of: TargetName; to: TargetName }>;

export type RatioKey = (typeof Ratios)[number]['key'];

export interface SummaryRow extends Partial<Record<RatioKey, number>> {
  scenarioId: number;
  scenario: string;
  key: string;
  label: string;
  unit: string;
  better: Better;
  values: Partial<Record<TargetName, number>>;
}

export function summarise(results: BenchResults): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const scenario of results.scenarios) {
    const byKey = new Map<string, SummaryRow & { samples: Partial<Record<TargetName, number[]>> }>();
    for (const run of scenario.runs) {
      for (const m of run.metrics) {
        let row = byKey.get(m.key);
        if (!row) {
          row = { scenarioId: scenario.id, scenario: scenario.title, key: m.key, label: m.label, unit: m.unit, better: m.better, values: {}, samples: {} };
          byKey.set(m.key, row);
        }
        (row.samples[run.target] ??= []).push(m.value);
      }
    }
    for (const row of byKey.values()) {
      for (const [target, samples] of Object.entries(row.samples) as Array<[TargetName, number[]]>) row.values[target] = median(samples);
      const { samples: _samples, ...plain } = row;
      const summary: SummaryRow = plain;
      for (const ratio of Ratios) {
        const of = row.values[ratio.of];
        const to = row.values[ratio.to];
        if (of !== undefined && to) summary[ratio.key] = of / to;
      }
      rows.push(summary);
    }
  }
  return rows;
}

/** The targets that ran at least once, in column order: the table and the chart leave the others out. */
export function targetsRun(results: BenchResults): TargetName[] {
  const ran = new Set(results.scenarios.flatMap((s) => s.runs.map((r) => r.target)));
  return TargetNames.filter((t) => ran.has(t));
}

/** The ratios between targets that ran. */
export function ratiosShown(targets: readonly TargetName[]): Array<(typeof Ratios)[number]> {
  return Ratios.filter((r) => targets.includes(r.of) && targets.includes(r.to));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
