/**
 * A static SVG a person can open in any browser: one small panel per metric,
 * one bar per target, value printed at the end of each bar.
 */
import type { BenchResults } from '../runner.ts';
import { TargetLabels, type TargetName } from '../targets/target.ts';
import { ratiosShown, targetsRun, type SummaryRow } from './summary.ts';
import { formatNumber } from './table.ts';

const COLORS: Readonly<Record<TargetName, string>> = {
  parley: '#4f46e5',
  'parley-pg': '#7c3aed',
  'parley-cluster': '#c026d3',
  socketio: '#0ea5e9',
  ws: '#94a3b8',
  'parley-defaults': '#dc2626',
  'parley-event-loop': '#a5b4fc',
};
const PANEL_WIDTH = 380;
const BAR_HEIGHT = 18;
const COLUMNS = 3;
const LABEL_WIDTH = 110;

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** Ratios shown per line under a panel's title: two fit the panel's width. */
const RATIOS_PER_LINE = 2;
const LINE_HEIGHT = 14;

/** The row's ratios as lines of text, e.g. ["Parley ÷ Socket.IO 0.62×, Parley ÷ ws 0.41×", "PG ÷ SQLite 0.71×"]. */
function ratioLines(row: SummaryRow, targets: readonly TargetName[]): string[] {
  const parts = ratiosShown(targets)
    .filter((r) => row[r.key] !== undefined && Number.isFinite(row[r.key]))
    .map((r) => `${r.label} ${row[r.key]!.toFixed(2)}×`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += RATIOS_PER_LINE) lines.push(parts.slice(i, i + RATIOS_PER_LINE).join(', '));
  return lines;
}

export function renderChart(results: BenchResults, rows: readonly SummaryRow[]): string {
  // Load-generator CPU says whether a run was client-bound; it is in the table, not worth a panel.
  const panels = rows.filter((row) => row.key !== 'clientCores');
  const targets = targetsRun(results);
  // Every panel as tall as the one with the most ratio lines, so the grid stays a grid.
  const header = 40 + Math.max(0, ...panels.map((row) => ratioLines(row, targets).length)) * LINE_HEIGHT;
  const panelHeight = header + 6 + targets.length * (BAR_HEIGHT + 6);
  const width = COLUMNS * PANEL_WIDTH + 20;
  const top = 70;
  const height = top + Math.ceil(panels.length / COLUMNS) * (panelHeight + 14) + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="24" font-size="18" font-weight="600">${escapeXml(targets.map((t) => TargetLabels[t]).join(' vs '))} — ${escapeXml(results.startedAt.slice(0, 16).replace('T', ' '))} UTC${results.quick ? ' (quick mode)' : ''}</text>`,
    `<text x="10" y="44" fill="#475569">${escapeXml(`${results.machine.cpuModel}, ${results.machine.cores} cores, Node ${results.machine.node}, load average at start ${results.machine.loadAverageAtStart.join(' / ')}`)}</text>`,
  ];
  targets.forEach((name, i) => {
    const x = 10 + i * 150;
    parts.push(`<rect x="${x}" y="52" width="12" height="12" fill="${COLORS[name]}"/><text x="${x + 16}" y="62">${TargetLabels[name]}</text>`);
  });
  panels.forEach((row, index) => {
    const x = 10 + (index % COLUMNS) * PANEL_WIDTH;
    const y = top + Math.floor(index / COLUMNS) * (panelHeight + 14);
    const arrow = row.better === 'higher' ? '↑ better' : '↓ better';
    parts.push(`<rect x="${x}" y="${y}" width="${PANEL_WIDTH - 10}" height="${panelHeight}" fill="#f8fafc" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${x + 8}" y="${y + 18}" font-weight="600">${escapeXml(`${row.scenarioId}. ${row.scenario}: ${row.label}`)}</text>`);
    parts.push(`<text x="${x + 8}" y="${y + 33}" fill="#64748b">${escapeXml(`${row.unit}, ${arrow}`)}</text>`);
    ratioLines(row, targets).forEach((line, i) => {
      parts.push(`<text x="${x + 8}" y="${y + 33 + (i + 1) * LINE_HEIGHT}" fill="#64748b" font-size="11">${escapeXml(line)}</text>`);
    });
    const finite = targets.map((t) => row.values[t]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const max = Math.max(...finite, Number.MIN_VALUE);
    const barSpace = PANEL_WIDTH - 10 - LABEL_WIDTH - 80;
    targets.forEach((target, i) => {
      const value = row.values[target];
      const by = y + header + i * (BAR_HEIGHT + 6);
      parts.push(`<text x="${x + 8}" y="${by + 13}">${TargetLabels[target]}</text>`);
      if (value === undefined || !Number.isFinite(value)) {
        parts.push(`<text x="${x + LABEL_WIDTH}" y="${by + 13}" fill="#94a3b8">${value === undefined ? 'not applicable' : 'n/a'}</text>`);
        return;
      }
      const length = Math.max(1, (Math.max(0, value) / max) * barSpace);
      parts.push(`<rect x="${x + LABEL_WIDTH}" y="${by}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[target]}"/>`);
      parts.push(`<text x="${x + LABEL_WIDTH + length + 4}" y="${by + 13}">${formatNumber(value)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
