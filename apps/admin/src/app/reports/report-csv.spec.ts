import type { ReportResponse } from '@parley/protocol';
import { reportCsv } from './report-csv';

const figures = (opened: number) => ({
  opened,
  firstResponse: { count: opened, medianSeconds: 90, p90Seconds: 600 },
  resolution: { count: 1, medianSeconds: 3600, p90Seconds: 3600 },
  satisfaction: { count: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] as [number, number, number, number, number] },
});

describe('reportCsv', () => {
  it('writes days, then agents and the total with every figure, in minutes, quoting and neutralising what needs it', () => {
    const report: ReportResponse = {
      period: { from: '2026-03-01', to: '2026-03-02', timeZone: 'UTC' },
      openedPerDay: [{ day: '2026-03-01', count: 1 }, { day: '2026-03-02', count: 2 }],
      total: figures(3),
      agents: [{ agent: { id: 'a', name: 'Smith, Ann' }, ...figures(2) }, { agent: { id: 'b', name: '=cmd()' }, ...figures(1) }],
    };
    const lines = reportCsv(report).split('\r\n');
    expect(lines[0]).toBe('day,conversations opened');
    expect(lines[2]).toBe('2026-03-02,2');
    expect(lines[5]).toBe('"Smith, Ann",2,1.5,10.0,60.0,60.0,2,4.5,0,0,0,1,1');
    expect(lines[6]!.startsWith("'=cmd()")).toBe(true);
    expect(lines[7]!.startsWith('Total,3,')).toBe(true);
  });
});
