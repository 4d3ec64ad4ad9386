/**
 * The one table the runner prints: a Markdown table, so the same text goes to
 * the terminal and into docs/performance.md.
 */
import type { BenchResults } from '../runner.ts';
import { TargetLabels, type TargetName } from '../targets/target.ts';
import { ratiosShown, targetsRun, type SummaryRow } from './summary.ts';

/** Formats a number for humans: 3 significant digits, thousands separated. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return '—';
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (Math.round(abs) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Number.isInteger(value)) return String(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`;
}

/** Rows plus the checks (lost/errors) of every run, as Markdown; one column per target that ran. */
export function renderTable(results: BenchResults, rows: readonly SummaryRow[]): string {
  const targets = targetsRun(results);
  const ratios = ratiosShown(targets);
  const lines = [
    `| # | scenario | metric | ${[...targets.map((t) => TargetLabels[t]), ...ratios.map((r) => r.label)].join(' | ')} |`,
    `|---|---|---|${[...targets, ...ratios].map(() => '---:').join('|')}|`,
  ];
  for (const row of rows) {
    const arrow = row.better === 'higher' ? '↑' : '↓';
    const unit = `${row.unit} ${arrow}`;
    const applies = (target: TargetName) => results.scenarios.find((s) => s.id === row.scenarioId)?.targets.includes(target) ?? false;
    const cells = targets.map((t) => (row.values[t] === undefined ? (applies(t) ? '—' : 'n/a¹') : formatNumber(row.values[t])));
    lines.push(`| ${row.scenarioId} | ${row.scenario} | ${row.label} (${unit}) | ${[...cells, ...ratios.map((r) => ratio(row[r.key]))].join(' | ')} |`);
  }
  lines.push(
    '',
    '↑ higher is better, ↓ lower is better. — not measured for this target. ¹ Not run: the baselines have no resume (scenario 4) and no store (scenario 6); ' +
      'Parley PG runs scenarios 1 and 6, the cluster scenario 1 only.',
  );
  lines.push('', '| # | target | sent | acked | expected deliveries | delivered | lost | errors | machine busy (cores) | of it stolen (cores) |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const scenario of results.scenarios) {
    for (const run of scenario.runs) {
      const c = run.checks;
      lines.push(`| ${scenario.id} | ${run.target}${run.error ? ` (FAILED: ${run.error.split('\n')[0]})` : ''} | ${c.sent} | ${c.acked} | ${c.expected} | ${c.delivered} | ${c.lost} | ${c.errors} | ${run.machineBusyCores} | ${run.machineStolenCores ?? '—'} |`);
    }
  }
  return lines.join('\n');
}
