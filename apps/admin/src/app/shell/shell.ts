import { ChangeDetectionStrategy, Component, effect, type ElementRef, inject, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AlertControls } from '../alerts/alert-controls';
import { QueueAlerts } from '../alerts/queue-alerts';
import { AuthService } from '../auth/auth';
import { SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';
import { Team } from '../team/team';
import { ConnectionBanner } from './connection-banner';
import { PresencePicker } from './presence-picker';
import { isQueueUrl } from './queue-url';
import { unsentQuestion } from './unsent-question';

/** The signed-in frame: header, connection banner, and the routed page. */
@Component({
  selector: 'pa-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionBanner, PresencePicker, AlertControls],
  // Announcements and the title's unread count belong to the signed-in session: they end with the shell.
  providers: [QueueAlerts],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  protected readonly realtime = inject(RealtimeService);
  protected readonly session = inject(SessionStore);
  protected readonly alerts = inject(QueueAlerts);
  private readonly auth = inject(AuthService);
  private readonly team = inject(Team);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  private readonly router = inject(Router);
  /** The Queue link is current on the queue and its conversations only (queue-url.ts). */
  protected readonly onQueue = toSignal(
    this.router.events.pipe(
      filter((e) => e instanceof NavigationEnd),
      map(() => isQueueUrl(this.router.url)),
    ),
    { initialValue: isQueueUrl(this.router.url) },
  );

  constructor() {
    this.realtime.ensureStarted();
    // (Re)load colleagues whenever the socket comes online: new agents, fresh presence. Only the
    // status is a dependency; what refresh() reads must not re-run this effect.
    effect(() => {
      if (this.realtime.status().state === 'online') untracked(() => void this.team.refresh());
    });
  }

  protected skipToMain(): void {
    this.main().nativeElement.focus();
  }

  /** The Sign out button: messages still waiting to be sent are discarded with the session, so ask first. */
  protected signOut(): void {
    const unsent = this.realtime.pendingCount();
    if (unsent > 0 && !confirm(unsentQuestion(unsent))) return;
    void this.auth.signOut('discard');
  }

  /** The session ended (revoked, expired): what waits to be sent goes once the agent has signed in again. */
  protected signInAgain(): void {
    void this.auth.signOut('keep');
  }

  protected reconnectNow(): void {
    this.realtime.reconnectNow();
  }
}
