import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { SwUpdate, type VersionReadyEvent } from '@angular/service-worker';
import { IonApp, IonRouterOutlet, ToastController } from '@ionic/angular';
import { filter } from 'rxjs';
import { WidgetBridge } from './session/widget-bridge';
import { registerIcons } from './icons';

registerIcons();

/** The shell: Ionic's app container, the routed pages, and the "new version" prompt. */
@Component({
  selector: 'app-root',
  imports: [IonApp, IonRouterOutlet],
  template: `<ion-app><ion-router-outlet /></ion-app>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly toasts = inject(ToastController);

  constructor() {
    // In the chat widget's iframe: answer the page that framed the app (session/widget-bridge.ts).
    inject(WidgetBridge).start();
    // The service worker serves the cached app shell; when a newer build is ready, offer it
    // instead of silently running the old one until every tab is closed.
    const updates = inject(SwUpdate);
    if (!updates.isEnabled) return;
    updates.versionUpdates
      .pipe(
        filter((event): event is VersionReadyEvent => event.type === 'VERSION_READY'),
        takeUntilDestroyed(),
      )
      .subscribe(() => void this.offerReload());
  }

  private async offerReload(): Promise<void> {
    const toast = await this.toasts.create({
      message: 'A new version of the app is ready.',
      position: 'bottom',
      buttons: [{ text: 'Reload', handler: () => location.reload() }, { text: 'Later', role: 'cancel' }],
    });
    await toast.present();
  }
}
