/**
 * Turns the runs of a scenario into one row per metric: each target's value
 * (the median over rounds) and Parley's ratio to each baseline.
 */
import type { BenchResults } from '../runner.ts';
import type { Better } from '../scenarios/scenario.ts';
import type { TargetName } from '../targets/target.ts';

export interface SummaryRow {
  scenarioId: number;
  scenario: string;
  key: string;
  label: string;
  unit: string;
  better: Better;
  values: Partial<Record<TargetName, number>>;
  /** Parley ÷ bare Socket.IO and Parley ÷ bare ws, when both values exist. */
  vsSocketIo?: number;
  vsWs?: number;
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
      const { parley, socketio, ws } = row.values;
      const { samples: _samples, ...plain } = row;
      rows.push({
        ...plain,
        ...(parley !== undefined && socketio ? { vsSocketIo: parley / socketio } : {}),
        ...(parley !== undefined && ws ? { vsWs: parley / ws } : {}),
      });
    }
  }
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
