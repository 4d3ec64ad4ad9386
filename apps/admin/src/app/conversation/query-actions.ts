import { ChangeDetectionStrategy, Component, computed, type ElementRef, inject, input, signal, viewChild } from '@angular/core';
import type { Query } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { UiAction } from '../realtime/ui-action';
import { RealtimeService } from '../realtime/realtime';
import { Team } from '../team/team';

/**
 * Assign to me (or take over, after a confirmation), transfer, mark pending / open, resolve,
 * reopen. Socket commands are acked by the server; the pending status goes over REST.
 * Keyboard focus never falls to the page: Resolve/Reopen is one element whose label flips,
 * and after "Assign to me" (which goes away) focus moves to it.
 */
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
  private readonly statusButton = viewChild.required<ElementRef<HTMLButtonElement>>('statusButton');

  private readonly action = new UiAction();
  protected readonly busy = this.action.busy;
  protected readonly error = this.action.error;
  protected readonly transferTo = signal('');

  protected readonly assignedToMe = computed(() => this.query().assignee?.id === this.me()?.id);
  protected readonly resolved = computed(() => this.query().status === 'resolved');
  /** Active colleagues other than me and the current assignee, with their presence. */
  protected readonly transferTargets = computed(() =>
    this.team
      .agents()
      .filter((agent) => agent.active && agent.id !== this.query().assignee?.id && agent.id !== this.me()?.id),
  );

  protected async assignToMe(): Promise<void> {
    const current = this.query().assignee;
    // Taking a colleague's query away is deliberate, never a slip of the mouse.
    if (current && !confirm(`Take this query over from ${current.name}?`)) return;
    await this.run(() => this.realtime.api.assign(this.query().id));
    if (!this.error()) this.statusButton().nativeElement.focus();
  }

  protected togglePending(): Promise<void> {
    const status = this.query().status === 'pending' ? 'open' : 'pending';
    return this.run(() => this.realtime.api.updateQuery(this.query().id, { status }));
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
    // Buttons that must keep focus are aria-disabled rather than disabled: refuse clicks here.
    if (this.busy()) return;
    await this.action.run(action);
  }
}
