import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
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
      <pa-query-list
        [queries]="realtime.queue().items"
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
    .conversation { min-height: 0; min-width: 0; }
    @media (max-width: 760px) { :host { grid-template-columns: 1fr; grid-template-rows: 40vh 1fr; } }
  `,
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

  protected loadMoreResolved(): void {
    void this.realtime.loadMoreResolved().catch(() => undefined);
  }
}
