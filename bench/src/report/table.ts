/**
 * The one table the runner prints: a Markdown table, so the same text goes to
 * the terminal and into docs/performance.md.
 */
import type { BenchResults } from '../runner.ts';
import type { SummaryRow } from './summary.ts';

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

/** Rows plus the checks (lost/errors) of every run, as Markdown. */
export function renderTable(results: BenchResults, rows: readonly SummaryRow[]): string {
  const lines = [
    '| # | scenario | metric | Parley | bare Socket.IO | bare ws | Parley ÷ Socket.IO | Parley ÷ ws |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const arrow = row.better === 'higher' ? '↑' : '↓';
    const unit = `${row.unit} ${arrow}`;
    const missing = (target: 'socketio' | 'ws') =>
      results.scenarios.find((s) => s.id === row.scenarioId)?.targets.includes(target) ? '—' : 'n/a¹';
    lines.push(
      `| ${row.scenarioId} | ${row.scenario} | ${row.label} (${unit}) | ${formatNumber(row.values.parley)} | ` +
        `${row.values.socketio === undefined ? missing('socketio') : formatNumber(row.values.socketio)} | ` +
        `${row.values.ws === undefined ? missing('ws') : formatNumber(row.values.ws)} | ${ratio(row.vsSocketIo)} | ${ratio(row.vsWs)} |`,
    );
  }
  lines.push('', '↑ higher is better, ↓ lower is better. ¹ Parley only: the baselines have no resume (scenario 4) and no store (scenario 6).');
  lines.push('', '| # | target | sent | acked | expected deliveries | delivered | lost | errors | machine busy (cores) |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const scenario of results.scenarios) {
    for (const run of scenario.runs) {
      const c = run.checks;
      lines.push(`| ${scenario.id} | ${run.target}${run.error ? ` (FAILED: ${run.error.split('\n')[0]})` : ''} | ${c.sent} | ${c.acked} | ${c.expected} | ${c.delivered} | ${c.lost} | ${c.errors} | ${run.machineBusyCores} |`);
    }
  }
  return lines.join('\n');
}
