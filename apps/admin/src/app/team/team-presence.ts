import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { SessionStore } from '../auth/session-store';
import { Team } from './team';

/** Who else is on shift: active colleagues with an online/away/offline dot. */
@Component({
  selector: 'pa-team-presence',
  template: `
    <h2 id="team-title">Team</h2>
    <ul aria-labelledby="team-title">
      @for (agent of colleagues(); track agent.id) {
        <li>
          <span class="dot dot-{{ agent.status }}" aria-hidden="true"></span>
          <span class="name">{{ agent.name }}</span>
          <span class="status">{{ agent.status }}</span>
        </li>
      } @empty {
        <li class="status">No colleagues yet.</li>
      }
    </ul>
  `,
  styles: `
    :host { display: block; border-top: 1px solid var(--pa-border); padding: 0.5rem 0.75rem; }
    h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--pa-muted); margin: 0 0 0.25rem; }
    ul { list-style: none; margin: 0; padding: 0; max-height: 9rem; overflow-y: auto; }
    li { display: flex; align-items: center; gap: 0.4rem; font-size: 0.85rem; padding: 0.1rem 0; }
    .name { flex: 1; }
    .status { color: var(--pa-muted); font-size: 0.78rem; }
    .dot { width: 0.6rem; height: 0.6rem; border-radius: 50%; background: #9aa3b2; }
    .dot-online { background: var(--pa-success); }
    .dot-away { background: #d89b00; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamPresence {
  private readonly team = inject(Team);
  private readonly me = inject(SessionStore).agent;
  protected readonly colleagues = computed(() =>
    this.team.agents().filter((agent) => agent.active && agent.id !== this.me()?.id),
  );
}
