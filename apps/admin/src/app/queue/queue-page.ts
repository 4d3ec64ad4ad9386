import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';
import { Clock } from '../time/clock';
import { TeamPresence } from '../team/team-presence';
import { QueryList } from './query-list';
import { QueueViewState } from './queue-view-state';

const QUERY_URL = /\/queries\/([^/?#]+)/;

/** The working view: the queue on the left, the open conversation on the right. */
@Component({
  selector: 'pa-queue-page',
  imports: [QueryList, RouterOutlet, TeamPresence],
  template: `
    <aside class="queue" aria-label="Queue">
      @if (teams().length > 0) {
        <label class="team-filter"
          >Team
          <select data-testid="team-filter" [value]="view.team()" (change)="view.team.set($any($event.target).value)">
            <option value="">All teams</option>
            @for (team of teams(); track team.id) {
              <option [value]="team.id">{{ team.name }}</option>
            }
          </select>
        </label>
      }
      <pa-query-list
        [queries]="shown()"
        [loading]="realtime.queue().loading"
        [unresolvedComplete]="realtime.queue().unresolvedComplete"
        [hasMoreResolved]="realtime.queue().resolvedCursor !== null"
        [loadingResolved]="realtime.queue().loadingResolved"
        [meId]="meId()"
        [now]="clock.now()"
        [selectedId]="selectedId()"
        [(filter)]="view.filter"
        [(search)]="view.search"
        (loadMoreResolved)="loadMoreResolved()"
      />
      <pa-team-presence />
    </aside>
    <section class="conversation" aria-label="Conversation">
      <router-outlet />
    </section>
  `,
  styles: `
    :host { display: grid; grid-template-columns: minmax(18rem, 26rem) 1fr; height: 100%; min-height: 0; }
    .queue { display: flex; flex-direction: column; min-height: 0; background: var(--pa-surface); border-right: 1px solid var(--pa-border); }
    pa-query-list { flex: 1; }
    .team-filter { display: flex; align-items: center; gap: 0.5rem; padding: 0.5rem 0.6rem 0; font-size: 0.85rem; font-weight: 600; }
    .team-filter select { flex: 1; }
    .conversation { min-height: 0; min-width: 0; }
    /* On a phone one pane at a time: the queue, or the conversation opened from it (the Queue link goes back). */
    @media (max-width: 760px) {
      :host { grid-template-columns: 1fr; }
      :host(:not(.has-selection)) .conversation, :host(.has-selection) .queue { display: none; }
    }
  `,
  host: { '[class.has-selection]': 'selectedId() !== null' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueuePage {
  protected readonly realtime = inject(RealtimeService);
  protected readonly clock = inject(Clock);
  private readonly router = inject(Router);
  private readonly session = inject(SessionStore);
  protected readonly meId = computed(() => this.session.agent()?.id ?? '');
  protected readonly view = inject(QueueViewState);

  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.router.url),
    ),
    { initialValue: this.router.url },
  );
  protected readonly selectedId = computed(() => QUERY_URL.exec(this.url())?.[1] ?? null);
  /** Every team, live: a team an admin adds elsewhere shows in the filter at once, one deleted leaves it. */
  protected readonly teams = computed(() => this.realtime.teams() ?? []);
  /** The queue, narrowed to the chosen team. */
  protected readonly shown = computed(() => {
    const items = this.realtime.queue().items;
    const team = this.view.team();
    return team ? items.filter((q) => q.team?.id === team) : items;
  });

  constructor() {
    // Read once per visit, then kept live by the SDK (without teams, no filter is shown).
    void this.realtime.api.loadTeams().catch(() => undefined);
    // The chosen team was deleted: show every team's queries again.
    effect(() => {
      const teams = this.realtime.teams();
      if (teams && this.view.team() && !teams.some((t) => t.id === this.view.team())) this.view.team.set('');
    });
  }

  protected loadMoreResolved(): void {
    void this.realtime.loadMoreResolved().catch(() => undefined);
  }
}
