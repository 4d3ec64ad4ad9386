import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { NewQueryAlerts } from '../alerts/new-query-alerts';
import { AlertSettings } from '../alerts/alert-settings';
import { AuthService } from '../auth/auth';
import { SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';
import { Team } from '../team/team';
import { ConnectionBanner } from './connection-banner';
import { PresencePicker } from './presence-picker';

/** The signed-in frame: header, connection banner, and the routed page. */
@Component({
  selector: 'pa-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionBanner, PresencePicker],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  protected readonly realtime = inject(RealtimeService);
  protected readonly session = inject(SessionStore);
  protected readonly alerts = inject(AlertSettings);
  private readonly auth = inject(AuthService);
  private readonly team = inject(Team);

  constructor() {
    this.realtime.ensureStarted();
    // Created here so announcements run only while signed in.
    inject(NewQueryAlerts);
    // (Re)load colleagues whenever the socket comes online: new agents, fresh presence.
    effect(() => {
      if (this.realtime.status().state === 'online') void this.team.refresh();
    });
  }

  protected signOut(): void {
    void this.auth.signOut();
  }

  protected toggleNotify(event: Event): void {
    void this.alerts.setNotify((event.target as HTMLInputElement).checked);
  }

  protected toggleSound(event: Event): void {
    this.alerts.sound.set((event.target as HTMLInputElement).checked);
  }
}
