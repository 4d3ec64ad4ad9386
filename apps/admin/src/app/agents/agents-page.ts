import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { AgentWithPresence, CreateAgentRequest, StaffRole, UpdateAgentRequest } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { Team } from '../team/team';

/**
 * Admins: create agents, change their role, deactivate (after a confirmation) or reactivate
 * them. The list is the shared {@link Team} (one list in the app, presence kept live).
 */
@Component({
  selector: 'pa-agents-page',
  templateUrl: './agents-page.html',
  styleUrl: '../shell/management-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentsPage {
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);
  private readonly team = inject(Team);
  protected readonly meId = computed(() => this.session.agent()?.id);

  /** Sorted by name, presence kept live from the socket. */
  protected readonly agents = computed(() => [...this.team.agents()].sort((a, b) => a.name.localeCompare(b.name)));
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly created = signal<string | null>(null);

  constructor() {
    void this.reload();
  }

  private async reload(): Promise<void> {
    this.loading.set(true);
    try {
      // Through the SDK, which also seeds its presence store from the list.
      this.team.set(await this.realtime.api.listAgents());
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
      const agent = await this.realtime.api.createAgent(input);
      this.team.set([...this.team.agents(), { ...agent, status: 'offline' }]);
      this.created.set(`${agent.name} can now sign in as ${agent.email}.`);
      form.reset();
    } catch (error) {
      this.createError.set(describeError(error, 'Could not create the agent.'));
    } finally {
      this.creating.set(false);
    }
  }

  protected async changeRole(agent: AgentWithPresence, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const role = select.value as StaffRole;
    const saved = await this.update(agent, { role });
    // The list did not change, so nothing re-renders the select: put the real role back by hand.
    if (!saved) select.value = agent.role;
  }

  /** One button per row, its label flipping, so keyboard focus stays on it. */
  protected async toggleActive(agent: AgentWithPresence): Promise<void> {
    if (agent.active && !confirm(`Deactivate ${agent.name}? They are signed out and can no longer sign in.`)) return;
    await this.update(agent, { active: !agent.active });
  }

  private async update(agent: AgentWithPresence, patch: UpdateAgentRequest): Promise<boolean> {
    this.error.set(null);
    try {
      const updated = await this.realtime.api.updateAgent(agent.id, patch);
      this.team.set(this.team.agents().map((a) => (a.id === updated.id ? { ...a, ...updated } : a)));
      return true;
    } catch (error) {
      this.error.set(describeError(error, 'Could not update the agent.'));
      return false;
    }
  }
}
