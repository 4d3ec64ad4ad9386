import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import type { AgentWithPresence, ReportResponse } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';
import { BarChart } from './bar-chart';
import { reportCsv } from './report-csv';

/**
 * How support went over a period: conversations opened per day, first-response and resolution times (median
 * and p90), customer satisfaction, per agent — from the stored history (GET /api/reports). Admins see the team
 * or one agent; agents their own. Downloadable as CSV.
 */
@Component({
  selector: 'pa-reports-page',
  imports: [BarChart, NgTemplateOutlet],
  templateUrl: './reports-page.html',
  styleUrl: './reports-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly realtime = inject(RealtimeService);
  protected readonly session = inject(SessionStore);
  protected readonly action = new UiAction();
  /** The browser's zone: days are counted as the person reading the report lives them. */
  protected readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  protected readonly from = signal(localDay(-29));
  protected readonly to = signal(localDay(0));
  protected readonly agentId = signal('');
  protected readonly agents = signal<AgentWithPresence[]>([]);
  protected readonly report = signal<ReportResponse | null>(null);

  protected readonly openedChart = computed(() =>
    (this.report()?.openedPerDay ?? []).map((d) => ({ label: d.day.slice(5), value: d.count, title: d.day })),
  );
  /** Teams exist in the period's conversations (otherwise the per-team table would say "No team" alone). */
  protected readonly hasTeams = computed(() => (this.report()?.teams ?? []).some((t) => t.team !== null));
  /** The breakdowns as rows of one table shape: a key, the name shown first, the figures. */
  protected readonly agentRows = computed(() =>
    (this.report()?.agents ?? []).map((a) => ({ key: a.agent?.id ?? '', name: a.agent?.name ?? 'Unassigned', ...a })),
  );
  protected readonly teamRows = computed(() =>
    (this.report()?.teams ?? []).map((t) => ({ key: t.team?.id ?? '', name: t.team?.name ?? 'No team', ...t })),
  );
  protected readonly ratingChart = computed(() =>
    (this.report()?.total.satisfaction.distribution ?? []).map((n, i) => ({ label: `${i + 1}★`, value: n, title: `${n} rated ${i + 1}` })),
  );

  constructor() {
    if (this.session.isAdmin()) void this.realtime.api.listAgents().then((a) => this.agents.set(a), () => undefined);
    effect(() => {
      const params = { from: this.from(), to: this.to(), agentId: this.agentId() };
      untracked(() => void this.load(params));
    });
  }

  protected setFrom(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value) this.from.set(value);
  }

  protected setTo(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value) this.to.set(value);
  }

  protected setAgent(event: Event): void {
    this.agentId.set((event.target as HTMLSelectElement).value);
  }

  protected downloadCsv(): void {
    const report = this.report();
    if (!report) return;
    const url = URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `parley-report-${report.period.from}-${report.period.to}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  protected duration(seconds: number | null): string {
    if (seconds === null) return '—';
    if (seconds < 60) return `${Math.round(seconds)} s`;
    if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
    if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
    return `${(seconds / 86_400).toFixed(1)} d`;
  }

  private load(params: { from: string; to: string; agentId: string }): Promise<void> {
    return this.action.run(async () => {
      const report = await this.realtime.api.report({
        from: params.from,
        to: params.to,
        timeZone: this.timeZone,
        ...(params.agentId ? { agentId: params.agentId } : {}),
      });
      // A newer choice may have been made meanwhile: show the answer for the current one only.
      if (params.from === this.from() && params.to === this.to() && params.agentId === this.agentId()) this.report.set(report);
    });
  }
}

/** Today + `offset` days, as the browser's calendar has it (YYYY-MM-DD). */
function localDay(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
