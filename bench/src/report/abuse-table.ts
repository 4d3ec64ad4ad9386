/**
 * The abuse scenario's own tables (Markdown, like the main one): per flood and
 * round, the victim's latencies quiet → during with their ratio against the
 * ≤ 2× target, and what the server did to the attacker, as the attacker saw it
 * and as the server's /metrics counted it.
 */
import type { FloodRecord } from '../abuse/flood-window.ts';
import type { BenchResults } from '../runner.ts';
import { formatNumber } from './table.ts';

/** The issue's target: no victim latency may more than double during a flood. */
export const RATIO_TARGET = 2;

function cell(quiet: number, during: number): string {
  const ratio = during / quiet;
  const mark = Number.isFinite(ratio) && ratio > RATIO_TARGET ? ' ✗' : '';
  return `${formatNumber(quiet)} → ${formatNumber(during)} (**${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}×**${mark})`;
}

/** Cores to two decimals; results written before a field existed show n/a. */
function cores(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(2);
}

function list(counts: Record<string, number>): string {
  return Object.entries(counts).map(([kind, n]) => `${kind} ${formatNumber(n)}`).join('; ') || '—';
}

/** The abuse tables, or '' when no run has floods. */
export function renderAbuseTables(results: BenchResults): string {
  const runs = results.scenarios.flatMap((s) => s.runs).filter((r) => r.floods?.length);
  if (runs.length === 0) return '';
  const rounds = runs.length > 1;
  const latency = [
    `| flood${rounds ? ' | round' : ''} | victim p50 send→ack (ms) | victim p99 send→ack (ms) | /healthz p50 (ms) | /healthz p99 (ms) | attacker sent | attacker CPU | server CPU quiet → during | machine busy quiet → during |`,
    `|---${rounds ? '|---:' : ''}|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  const actions = [
    `| flood${rounds ? ' | round' : ''} | server /metrics in the flood window | the attacker saw |`,
    `|---${rounds ? '|---:' : ''}|---|---|`,
  ];
  for (const run of runs) {
    for (const f of run.floods as FloodRecord[]) {
      const { quiet, during, attacker } = f;
      const name = `${f.title}${rounds ? ` | ${run.round + 1}` : ''}`;
      latency.push(
        `| ${name} | ${cell(quiet.victim.ack.p50, during.victim.ack.p50)} | ${cell(quiet.victim.ack.p99, during.victim.ack.p99)} | ` +
          `${cell(quiet.victim.healthz.p50, during.victim.healthz.p50)} | ${cell(quiet.victim.healthz.p99, during.victim.healthz.p99)} | ` +
          `${formatNumber(attacker.rate.perSecond)} ${attacker.rate.unit} | ${during.attackerCores.toFixed(2)} cores | ` +
          `${quiet.serverCores.toFixed(2)} → ${during.serverCores.toFixed(2)} cores | ` +
          `${cores(quiet.machineCores)} → ${cores(during.machineCores)} cores |`,
      );
      const server = during.server;
      const counted =
        `flood cuts ${server.floodCuts}; rate limited: ${list(server.rateLimited)}; quota refused: ${list(server.quotaRefused)}; ` +
        `messages stored, victim's excluded: ${formatNumber(server.messagesStored - during.victim.acked)}`;
      actions.push(`| ${name} | ${counted} | ${list(attacker.counts)} |`);
    }
  }
  return [
    `Victim latency, quiet → during a flood (**during ÷ quiet**; ✗ over the ${RATIO_TARGET}× target):`,
    '',
    ...latency,
    '',
    'What the server did to the attacker:',
    '',
    ...actions,
  ].join('\n');
}
