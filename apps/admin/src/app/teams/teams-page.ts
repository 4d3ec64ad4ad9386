import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { AgentWithPresence, BusinessHours, Team, UpdateTeamRequest } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';

/**
 * Admins: the teams — who is in each, which one new queries go to when the customer picks none, and routing
 * without a dispatcher (auto-assignment to the online member with the fewest open queries, below a capacity).
 */
@Component({
  selector: 'pa-teams-page',
  templateUrl: './teams-page.html',
  styleUrl: '../shell/management-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamsPage {
  private readonly realtime = inject(RealtimeService);
  protected readonly action = new UiAction();
  protected readonly teams = signal<Team[]>([]);
  protected readonly agents = signal<AgentWithPresence[]>([]);
  protected readonly saved = signal<string | null>(null);
  protected readonly browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  protected readonly days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((label, i) => ({ n: i + 1, label }));

  constructor() {
    void this.action.run(async () => {
      const [teams, agents] = await Promise.all([this.realtime.api.listTeams(), this.realtime.api.listAgents()]);
      this.teams.set(teams);
      this.agents.set(agents.filter((a) => a.active));
    });
  }

  protected create(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    return this.run(async () => {
      const team = await this.realtime.api.createTeam({ name, isDefault: this.teams().length === 0 });
      this.teams.update((list) => [...list, team].sort((a, b) => a.name.localeCompare(b.name)));
      form.reset();
      return `Team “${team.name}” created.`;
    });
  }

  protected save(event: Event, team: Team): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const patch: UpdateTeamRequest = {
      name: String(data.get('name') ?? '').trim(),
      isDefault: data.get('isDefault') === 'on',
      autoAssign: data.get('autoAssign') === 'on',
      capacity: Number(data.get('capacity')),
      memberIds: data.getAll('member').map(String),
      hours: data.get('hasHours') === 'on' ? this.hoursFrom(data) : null,
      autoReply: String(data.get('autoReply') ?? '').trim() || null,
    };
    return this.run(async () => {
      const updated = await this.realtime.api.updateTeam(team.id, patch);
      // Only one team is the default: the others' flags come back as the server has them.
      this.teams.set(patch.isDefault ? await this.realtime.api.listTeams() : this.teams().map((t) => (t.id === updated.id ? updated : t)));
      return `Team “${updated.name}” saved.`;
    });
  }

  /** The one opening range of a weekday the form edits (the API allows several; the first is shown). */
  protected rangeOf(team: Team, day: number): { open: string; close: string } | null {
    return team.hours?.ranges.find((r) => r.day === day) ?? null;
  }

  private hoursFrom(data: FormData): BusinessHours {
    return {
      timeZone: String(data.get('timeZone') ?? '').trim() || this.browserZone,
      ranges: this.days
        .filter((d) => data.get(`open-${d.n}`) === 'on')
        .map((d) => ({ day: d.n, open: String(data.get(`from-${d.n}`)), close: String(data.get(`to-${d.n}`)) })),
    };
  }

  protected remove(team: Team): Promise<void> {
    if (!globalThis.confirm?.(`Delete the team “${team.name}”? Its queries stay, without a team.`)) return Promise.resolve();
    return this.run(async () => {
      await this.realtime.api.deleteTeam(team.id);
      this.teams.update((list) => list.filter((t) => t.id !== team.id));
      return `Team “${team.name}” deleted.`;
    });
  }

  private run(action: () => Promise<string>): Promise<void> {
    this.saved.set(null);
    return this.action.run(async () => this.saved.set(await action()));
  }
}
