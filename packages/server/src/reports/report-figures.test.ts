import { describe, expect, it } from 'vitest';
import type { ReportRow } from '../store/store.js';
import { buildReport, durations, satisfaction } from './report-figures.js';
import { dayOf, startOfDay } from './report-period.js';

const ann = { id: 'a1', name: 'Ann' };
const bob = { id: 'b1', name: 'Bob' };
const row = (createdAt: string, over: Partial<ReportRow> = {}): ReportRow => ({
  queryId: createdAt, createdAt, assignee: null, team: null, firstResponseAt: null, resolvedAt: null, ratingScore: null, ...over,
});
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

describe('report figures', () => {
  it('median and p90 by nearest rank, over the known values only', () => {
    expect(durations([60, 120, 180, 240, 300, 360, 420, 480, 540, 600, null])).toEqual({ count: 10, medianSeconds: 300, p90Seconds: 540 });
    expect(durations([null])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(durations([42])).toEqual({ count: 1, medianSeconds: 42, p90Seconds: 42 });
  });

  it('satisfaction: mean of the ratings given and how many gave each score', () => {
    expect(satisfaction([5, 4, 4, null, 1])).toEqual({ count: 4, average: 3.5, distribution: [1, 0, 0, 2, 1] });
    expect(satisfaction([])).toEqual({ count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
  });

  it('counts conversations per local day of the time zone, every day of the period listed, and per agent', () => {
    const t1 = '2026-03-01T23:30:00.000Z'; // 2 March in Paris (UTC+1)
    const t2 = '2026-03-02T08:00:00.000Z';
    const t3 = '2026-03-03T10:00:00.000Z';
    const rows = [
      row(t1, { assignee: ann, team: { id: 't1', name: 'Billing' }, firstResponseAt: plus(t1, 60), resolvedAt: plus(t1, 3600), ratingScore: 5 }),
      row(t2, { assignee: ann, firstResponseAt: plus(t2, 180), resolvedAt: plus(t2, 7200), ratingScore: 3 }),
      row(t3, { assignee: bob, firstResponseAt: plus(t3, 30) }),
      row(t3),
    ];
    const report = buildReport(rows, { from: '2026-03-01', to: '2026-03-04', timeZone: 'Europe/Paris' });
    expect(report.openedPerDay).toEqual([
      { day: '2026-03-01', count: 0 },
      { day: '2026-03-02', count: 2 },
      { day: '2026-03-03', count: 2 },
      { day: '2026-03-04', count: 0 },
    ]);
    expect(report.total).toMatchObject({ opened: 4, firstResponse: { count: 3, medianSeconds: 60, p90Seconds: 180 }, resolution: { count: 2, medianSeconds: 3600 } });
    expect(report.total.satisfaction).toEqual({ count: 2, average: 4, distribution: [0, 0, 1, 0, 1] });
    expect(report.agents.map((a) => [a.agent?.name ?? null, a.opened, a.firstResponse.medianSeconds])).toEqual([
      ['Ann', 2, 60],
      ['Bob', 1, 30],
      [null, 1, null],
    ]);
    expect(report.teams!.map((t) => [t.team?.name ?? null, t.opened])).toEqual([
      [null, 3],
      ['Billing', 1],
    ]);
  });
});

describe('days in a time zone', () => {
  it('finds where a local day starts, DST days included', () => {
    expect(new Date(startOfDay('2026-03-02', 'Europe/Paris')).toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(new Date(startOfDay('2026-07-02', 'Europe/Paris')).toISOString()).toBe('2026-07-01T22:00:00.000Z');
    expect(new Date(startOfDay('2026-03-29', 'Europe/Paris')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfDay('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfDay('2026-01-01', 'UTC')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(dayOf(Date.parse('2026-03-01T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-02');
  });
});
