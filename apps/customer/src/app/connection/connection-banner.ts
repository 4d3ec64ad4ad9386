import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { IonButton, IonIcon } from '@ionic/angular';
import { ParleySession } from '../session/parley-session';
import { describeConnection } from './connection-notice';

/** The offline / unreachable / signed-out banner shown under every page's toolbar. */
@Component({
  selector: 'app-connection-banner',
  imports: [IonButton, IonIcon],
  templateUrl: './connection-banner.html',
  styleUrl: './connection-banner.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionBanner {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);
  private readonly now = signal(Date.now());

  protected readonly notice = computed(() =>
    describeConnection(this.session.status(), this.session.pendingCount(), this.now()),
  );

  constructor() {
    // The retry countdown only needs a clock while reconnecting.
    let timer: ReturnType<typeof setInterval> | undefined;
    effect(() => {
      const reconnecting = this.session.status().state === 'reconnecting';
      if (reconnecting && !timer) timer = setInterval(() => this.now.set(Date.now()), 1000);
      if (!reconnecting && timer) {
        clearInterval(timer);
        timer = undefined;
      }
      this.now.set(Date.now());
    });
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected async startAgain(): Promise<void> {
    await this.session.signOut();
    await this.router.navigateByUrl('/start');
  }
}
