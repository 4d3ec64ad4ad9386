/**
 * A static SVG a person can open in any browser: one small panel per metric,
 * one bar per target, value printed at the end of each bar.
 */
import type { BenchResults } from '../runner.ts';
import { TargetLabels, TargetNames } from '../targets/target.ts';
import type { SummaryRow } from './summary.ts';
import { formatNumber } from './table.ts';

const COLORS: Record<string, string> = { parley: '#4f46e5', socketio: '#0ea5e9', ws: '#94a3b8' };
const PANEL_WIDTH = 380;
const BAR_HEIGHT = 18;
const COLUMNS = 3;
const LABEL_WIDTH = 110;

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** "· Parley ÷ Socket.IO 0.62×, ÷ ws 0.41×" when there is something to compare. */
function ratioText(row: SummaryRow): string {
  const parts = [];
  if (row.vsSocketIo !== undefined && Number.isFinite(row.vsSocketIo)) parts.push(`÷ Socket.IO ${row.vsSocketIo.toFixed(2)}×`);
  if (row.vsWs !== undefined && Number.isFinite(row.vsWs)) parts.push(`÷ ws ${row.vsWs.toFixed(2)}×`);
  return parts.length ? escapeXml(` · Parley ${parts.join(', ')}`) : '';
}

export function renderChart(results: BenchResults, rows: readonly SummaryRow[]): string {
  // Load-generator CPU says whether a run was client-bound; it is in the table, not worth a panel.
  const panels = rows.filter((row) => row.key !== 'clientCores');
  const panelHeight = 46 + TargetNames.length * (BAR_HEIGHT + 6);
  const width = COLUMNS * PANEL_WIDTH + 20;
  const top = 70;
  const height = top + Math.ceil(panels.length / COLUMNS) * (panelHeight + 14) + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="24" font-size="18" font-weight="600">Parley vs bare Socket.IO vs bare ws — ${escapeXml(results.startedAt.slice(0, 16).replace('T', ' '))} UTC${results.quick ? ' (quick mode)' : ''}</text>`,
    `<text x="10" y="44" fill="#475569">${escapeXml(`${results.machine.cpuModel}, ${results.machine.cores} cores, Node ${results.machine.node}, load average at start ${results.machine.loadAverageAtStart.join(' / ')}`)}</text>`,
  ];
  TargetNames.forEach((name, i) => {
    const x = 10 + i * 150;
    parts.push(`<rect x="${x}" y="52" width="12" height="12" fill="${COLORS[name]}"/><text x="${x + 16}" y="62">${TargetLabels[name]}</text>`);
  });
  panels.forEach((row, index) => {
    const x = 10 + (index % COLUMNS) * PANEL_WIDTH;
    const y = top + Math.floor(index / COLUMNS) * (panelHeight + 14);
    const arrow = row.better === 'higher' ? '↑ better' : '↓ better';
    parts.push(`<rect x="${x}" y="${y}" width="${PANEL_WIDTH - 10}" height="${panelHeight}" fill="#f8fafc" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${x + 8}" y="${y + 18}" font-weight="600">${escapeXml(`${row.scenarioId}. ${row.scenario}: ${row.label}`)}</text>`);
    parts.push(`<text x="${x + 8}" y="${y + 33}" fill="#64748b">${escapeXml(`${row.unit}, ${arrow}`)}${ratioText(row)}</text>`);
    const finite = TargetNames.map((t) => row.values[t]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const max = Math.max(...finite, Number.MIN_VALUE);
    const barSpace = PANEL_WIDTH - 10 - LABEL_WIDTH - 80;
    TargetNames.forEach((target, i) => {
      const value = row.values[target];
      const by = y + 40 + i * (BAR_HEIGHT + 6);
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
