/**
 * The report's figures from the stored conversations (store's reportRows), pure and the same for both stores:
 * conversations opened per local day, first-response and resolution times (median and 90th percentile,
 * nearest rank), satisfaction (mean and distribution), in total, per assignee and per team.
 */
import type { AgentReport, DurationFigures, ReportFigures, ReportResponse, SatisfactionFigures, TeamReport } from '@parley/protocol';
import type { ReportRow } from '../store/store.js';
import { dayOf, daysBetween } from './report-period.js';

export function buildReport(rows: readonly ReportRow[], period: { from: string; to: string; timeZone: string }): ReportResponse {
  const perDay = new Map(daysBetween(period.from, period.to).map((day) => [day, 0]));
  for (const row of rows) {
    const day = dayOf(Date.parse(row.createdAt), period.timeZone);
    if (perDay.has(day)) perDay.set(day, perDay.get(day)! + 1);
  }
  const agents: AgentReport[] = groups(rows, (r) => r.assignee)
    .map((list) => ({ agent: list[0]!.assignee, ...figures(list) }))
    .sort((a, b) => b.opened - a.opened || Number(a.agent === null) - Number(b.agent === null) || (a.agent?.name ?? '').localeCompare(b.agent?.name ?? ''));
  const teams: TeamReport[] = groups(rows, (r) => r.team)
    .map((list) => ({ team: list[0]!.team, ...figures(list) }))
    .sort((a, b) => b.opened - a.opened || Number(a.team === null) - Number(b.team === null) || (a.team?.name ?? '').localeCompare(b.team?.name ?? ''));
  return { period, openedPerDay: [...perDay].map(([day, count]) => ({ day, count })), total: figures(rows), agents, teams };
}

/** The rows grouped by the id of what `by` names (null: one group of its own). */
function groups(rows: readonly ReportRow[], by: (row: ReportRow) => { id: string } | null): ReportRow[][] {
  const map = new Map<string, ReportRow[]>();
  for (const row of rows) {
    const key = by(row)?.id ?? '';
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return [...map.values()];
}

export function figures(rows: readonly ReportRow[]): ReportFigures {
  const since = (at: string | null, row: ReportRow) => (at === null ? null : (Date.parse(at) - Date.parse(row.createdAt)) / 1000);
  return {
    opened: rows.length,
    firstResponse: durations(rows.map((r) => since(r.firstResponseAt, r))),
    resolution: durations(rows.map((r) => since(r.resolvedAt, r))),
    satisfaction: satisfaction(rows.map((r) => r.ratingScore)),
  };
}

/** Median and p90 by nearest rank over the known values. */
export function durations(values: ReadonlyArray<number | null>): DurationFigures {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const rank = (q: number) => (known.length === 0 ? null : Math.round(known[Math.max(0, Math.ceil(q * known.length) - 1)]!));
  return { count: known.length, medianSeconds: rank(0.5), p90Seconds: rank(0.9) };
}

export function satisfaction(scores: ReadonlyArray<number | null>): SatisfactionFigures {
  const given = scores.filter((s): s is number => s !== null && s >= 1 && s <= 5);
  const distribution: SatisfactionFigures['distribution'] = [0, 0, 0, 0, 0];
  for (const s of given) distribution[s - 1]! += 1;
  const average = given.length === 0 ? null : Math.round((given.reduce((a, b) => a + b, 0) / given.length) * 100) / 100;
  return { count: given.length, average, distribution };
}
