import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type {
  AgentListResponse,
  AgentResponse,
  AgentWithPresence,
  CreateAgentRequest,
  StaffRole,
  UpdateAgentRequest,
} from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { Team } from '../team/team';

const AGENTS = '/api/agents';

/** Admins: create agents, change their role, deactivate or reactivate them. */
@Component({
  selector: 'pa-agents-page',
  templateUrl: './agents-page.html',
  styleUrl: './admin-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentsPage {
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);
  private readonly team = inject(Team);
  protected readonly meId = computed(() => this.session.agent()?.id);

  private readonly list = signal<readonly AgentWithPresence[]>([]);
  /** Sorted by name, presence kept live from the socket. */
  protected readonly agents = computed(() => {
    const presence = this.realtime.presence();
    return [...this.list()]
      .map((agent) => ({ ...agent, status: presence[agent.id] ?? agent.status }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly created = signal<string | null>(null);

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.loading.set(true);
    try {
      const { agents } = await this.realtime.api.request<AgentListResponse>('GET', AGENTS);
      this.list.set(agents);
      this.team.set(agents);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error, 'Could not load agents.'));
    } finally {
      this.loading.set(false);
    }
  }

  protected async createAgent(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const input: CreateAgentRequest = {
      name: String(data.get('name') ?? '').trim(),
      email: String(data.get('email') ?? '').trim(),
      password: String(data.get('password') ?? ''),
      role: data.get('role') === 'admin' ? 'admin' : 'agent',
    };
    this.creating.set(true);
    this.createError.set(null);
    this.created.set(null);
    try {
      const { agent } = await this.realtime.api.request<AgentResponse>('POST', AGENTS, input);
      this.list.update((list) => [...list, { ...agent, status: 'offline' }]);
      this.team.set(this.list());
      this.created.set(`${agent.name} can now sign in as ${agent.email}.`);
      form.reset();
    } catch (error) {
      this.createError.set(describeError(error, 'Could not create the agent.'));
    } finally {
      this.creating.set(false);
    }
  }

  protected changeRole(agent: AgentWithPresence, event: Event): Promise<void> {
    const role = (event.target as HTMLSelectElement).value as StaffRole;
    return this.update(agent, { role });
  }

  protected setActive(agent: AgentWithPresence, active: boolean): Promise<void> {
    return this.update(agent, { active });
  }

  private async update(agent: AgentWithPresence, patch: UpdateAgentRequest): Promise<void> {
    this.error.set(null);
    try {
      const { agent: updated } = await this.realtime.api.request<AgentResponse>(
        'PATCH',
        `${AGENTS}/${encodeURIComponent(agent.id)}`,
        patch,
      );
      this.list.update((list) => list.map((a) => (a.id === updated.id ? { ...a, ...updated } : a)));
      this.team.set(this.list());
    } catch (error) {
      this.error.set(describeError(error, 'Could not update the agent.'));
      // Re-render the row from the unchanged list so the select shows the real role.
      this.list.update((list) => [...list]);
    }
  }
}
