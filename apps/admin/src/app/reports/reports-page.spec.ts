import { TestBed } from '@angular/core/testing';
import type { ReportResponse } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { ReportsPage } from './reports-page';

const figures = (opened: number) => ({
  opened,
  firstResponse: { count: opened, medianSeconds: 90, p90Seconds: 600 },
  resolution: { count: 1, medianSeconds: 7200, p90Seconds: 7200 },
  satisfaction: { count: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] as [number, number, number, number, number] },
});

describe('ReportsPage', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    client = new FakeAgentClient();
    client.report.mockImplementation(async (params) => ({
      period: { from: params.from, to: params.to, timeZone: params.timeZone ?? 'UTC' },
      openedPerDay: [{ day: params.from, count: 3 }],
      total: figures(3),
      agents: [{ agent: { id: 'a-1', name: 'Ann' }, ...figures(3) }],
    } satisfies ReportResponse));
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client)] });
    startRealtime();
  });

  it('asks for the last 30 days in the browser’s time zone and shows the figures, in words a person reads', async () => {
    const fixture = TestBed.createComponent(ReportsPage);
    await fixture.whenStable();
    await fixture.whenStable();
    const params = client.report.mock.calls[0]![0];
    expect((Date.parse(params.to) - Date.parse(params.from)) / 86_400_000).toBe(29);
    expect(params.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="report-opened"]')!.textContent).toBe('3');
    expect(el.querySelector('[data-testid="report-first-response"]')!.textContent).toBe('2 min');
    expect(el.querySelector('[data-testid="report-resolution"]')!.textContent).toBe('2.0 h');
    expect(el.querySelector('[data-testid="report-csat"]')!.textContent).toBe('4.5 / 5');
    expect(el.querySelector('[data-testid="report-agents"] tbody th')!.textContent).toBe('Ann');
    // The charts' numbers are also there as text for screen readers.
    expect(el.querySelector('pa-bar-chart table caption')!.textContent).toContain('Conversations opened per day');
  });

  it('asks again when the period changes', async () => {
    const fixture = TestBed.createComponent(ReportsPage);
    await fixture.whenStable();
    const from = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('input[name="from"]')!;
    from.value = '2026-01-01';
    from.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(client.report).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-01-01' }));
  });
});
