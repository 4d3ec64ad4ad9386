import type { ReportFigures, ReportResponse } from '@parley/protocol';

/**
 * A report as CSV for a spreadsheet: one row per day (conversations opened), then one row per agent and the
 * total with every figure. Times are in minutes, one decimal. Cells are quoted when they need it (RFC 4180),
 * and a cell a spreadsheet would run as a formula is neutralised (an agent could be named "=HYPERLINK(…)").
 */
export function reportCsv(report: ReportResponse): string {
  const lines: string[][] = [['day', 'conversations opened']];
  for (const d of report.openedPerDay) lines.push([d.day, String(d.count)]);
  lines.push([]);
  lines.push([
    'agent', 'conversations', 'first response median (min)', 'first response p90 (min)', 'resolution median (min)', 'resolution p90 (min)',
    'ratings', 'satisfaction average', 'rated 1', 'rated 2', 'rated 3', 'rated 4', 'rated 5',
  ]);
  const row = (name: string, f: ReportFigures) => [
    name, String(f.opened), minutes(f.firstResponse.medianSeconds), minutes(f.firstResponse.p90Seconds),
    minutes(f.resolution.medianSeconds), minutes(f.resolution.p90Seconds), String(f.satisfaction.count),
    f.satisfaction.average === null ? '' : String(f.satisfaction.average), ...f.satisfaction.distribution.map(String),
  ];
  for (const a of report.agents) lines.push(row(a.agent?.name ?? 'Unassigned', a));
  for (const t of report.teams ?? []) if (t.team) lines.push(row(`Team: ${t.team.name}`, t));
  lines.push(row('Total', report.total));
  return lines.map((cells) => cells.map(cell).join(',')).join('\r\n') + '\r\n';
}

function minutes(seconds: number | null): string {
  return seconds === null ? '' : (seconds / 60).toFixed(1);
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
