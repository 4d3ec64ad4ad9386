import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import type { Query } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { describeError } from '../realtime/describe-error';
import { RealtimeService } from '../realtime/realtime';
import { Team } from '../team/team';

/** Assign to me, transfer, resolve, reopen: each acked over the socket by the server. */
@Component({
  selector: 'pa-query-actions',
  templateUrl: './query-actions.html',
  styles: `
    :host { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    .transfer { display: flex; gap: 0.35rem; align-items: center; }
    .transfer select { max-width: 14rem; }
    .error-text { flex-basis: 100%; margin: 0; text-align: right; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueryActions {
  readonly query = input.required<Query>();
  private readonly realtime = inject(RealtimeService);
  private readonly team = inject(Team);
  private readonly me = inject(SessionStore).agent;

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly transferTo = signal('');

  protected readonly assignedToMe = computed(() => this.query().assignee?.id === this.me()?.id);
  protected readonly resolved = computed(() => this.query().status === 'resolved');
  /** Active colleagues other than the current assignee, with their presence. */
  protected readonly transferTargets = computed(() =>
    this.team.agents().filter((agent) => agent.active && agent.id !== this.query().assignee?.id),
  );

  protected assignToMe(): Promise<void> {
    return this.run(() => this.realtime.api.assign(this.query().id));
  }

  protected transfer(): Promise<void> {
    const agentId = this.transferTo();
    if (!agentId) return Promise.resolve();
    return this.run(async () => {
      await this.realtime.api.assign(this.query().id, agentId);
      this.transferTo.set('');
    });
  }

  protected resolve(): Promise<void> {
    return this.run(() => this.realtime.api.resolve(this.query().id));
  }

  protected reopen(): Promise<void> {
    return this.run(() => this.realtime.api.reopen(this.query().id));
  }

  protected pickTransfer(event: Event): void {
    this.transferTo.set((event.target as HTMLSelectElement).value);
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
