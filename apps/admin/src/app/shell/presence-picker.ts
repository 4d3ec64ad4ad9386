import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';

/** The agent's own presence (online / away), shown to colleagues (team list, transfer picker, conversation header of queries assigned to them). */
@Component({
  selector: 'pa-presence-picker',
  template: `
    <label>
      <span class="dot dot-{{ status() }}" aria-hidden="true"></span>
      <select [value]="status()" (change)="setPresence($event)" [disabled]="busy()" aria-label="My status">
        <option value="online">Online</option>
        <option value="away">Away</option>
      </select>
    </label>
  `,
  styles: `
    label { display: flex; align-items: center; gap: 0.35rem; }
    select { background: #fff; color: var(--pa-text); padding: 0.2rem 0.4rem; }
    .dot { width: 0.65rem; height: 0.65rem; border-radius: 50%; background: #9aa3b2; }
    .dot-online { background: #3ccf6e; }
    .dot-away { background: #f0b400; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PresencePicker {
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);
  protected readonly busy = signal(false);
  /** What the server last said about me; "online" until it says otherwise. */
  protected readonly status = computed(() => {
    const id = this.session.agent()?.id;
    const status = id ? this.realtime.presence()[id] : undefined;
    return status === 'away' ? 'away' : 'online';
  });

  protected async setPresence(event: Event): Promise<void> {
    const value = (event.target as HTMLSelectElement).value === 'away' ? 'away' : 'online';
    this.busy.set(true);
    try {
      await this.realtime.api.setPresence(value);
    } catch {
      // The select snaps back to the server's view on the next render.
      (event.target as HTMLSelectElement).value = this.status();
    } finally {
      this.busy.set(false);
    }
  }
}
