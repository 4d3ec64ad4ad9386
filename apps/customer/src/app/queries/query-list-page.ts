import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import {
  IonBadge,
  IonButton,
  IonButtons,
  IonContent,
  IonFab,
  IonFabButton,
  IonHeader,
  IonIcon,
  IonInfiniteScroll,
  IonInfiniteScrollContent,
  IonItem,
  IonLabel,
  IonList,
  IonRefresher,
  IonRefresherContent,
  IonSkeletonText,
  IonText,
  IonTitle,
  IonToolbar,
  type InfiniteScrollCustomEvent,
  type RefresherCustomEvent,
  type ViewWillEnter,
} from '@ionic/angular';
import type { Query } from '@parley/protocol';
import { ConnectionBanner } from '../connection/connection-banner';
import { errorText } from '../connection/error-text';
import { ParleySession } from '../session/parley-session';
import { previewText, shortTime, statusColor, statusLabel, unreadCount } from './query-summary';

/** "My queries": every query of this customer, newest activity first, live. */
@Component({
  selector: 'app-query-list-page',
  imports: [
    RouterLink,
    IonButtons,
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButton,
    IonContent,
    IonList,
    IonItem,
    IonLabel,
    IonBadge,
    IonIcon,
    IonFab,
    IonFabButton,
    IonRefresher,
    IonRefresherContent,
    IonInfiniteScroll,
    IonInfiniteScrollContent,
    IonSkeletonText,
    IonText,
    ConnectionBanner,
  ],
  templateUrl: './query-list-page.html',
  styleUrl: './query-list-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueryListPage implements ViewWillEnter {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);

  protected readonly queries = this.session.queries;
  protected readonly me = computed(() => this.session.user()?.id);
  protected readonly error = signal<string | null>(null);

  protected readonly statusLabel = statusLabel;
  protected readonly statusColor = statusColor;
  protected readonly previewText = previewText;
  protected readonly shortTime = shortTime;

  /**
   * Sign out and forget this device (a shared phone): nothing of the customer stays on it. A visitor is told
   * first that they cannot come back to these conversations from here.
   */
  protected async forgetDevice(): Promise<void> {
    const visitor = !this.session.isIdentified();
    const pending = this.session.pendingCount();
    // Messages still waiting to be sent (offline, refused for now) go with the device's storage: say so first.
    const unsent = pending === 0 ? '' : pending === 1 ? ' 1 message you wrote has not been sent yet and will be lost.' : ` ${pending} messages you wrote have not been sent yet and will be lost.`;
    const warning = visitor
      ? `Sign out and forget this device?${unsent} As a visitor you will not be able to come back to these conversations from here.`
      : `Sign out and forget this device?${unsent}`;
    if (!globalThis.confirm?.(warning)) return;
    await this.session.forgetDevice();
    await this.router.navigateByUrl('/start');
  }

  protected unreadCount(query: Query): number {
    // The SDK keeps the customer's own read cursor in the live list (marked here, before the server echoes it).
    return unreadCount(query);
  }

  constructor() {
    // Coming back online: whatever changed while the socket was down is only in REST.
    let seen = untracked(this.session.reconnected);
    effect(() => {
      const count = this.session.reconnected();
      if (count <= seen) return;
      seen = count;
      untracked(() => void this.loadFirstPage());
    });
    // Offline errors are stale once the browser is back: retry rather than keep showing them.
    const retryWhenOnline = () => {
      if (this.error()) void this.loadFirstPage();
    };
    window.addEventListener('online', retryWhenOnline);
    inject(DestroyRef).onDestroy(() => window.removeEventListener('online', retryWhenOnline));
  }

  ionViewWillEnter(): void {
    // Ionic keeps this page alive under a conversation: coming back, reload what may have changed there.
    void this.loadFirstPage();
  }

  protected async refresh(event: RefresherCustomEvent): Promise<void> {
    await this.loadFirstPage();
    await event.target.complete();
  }

  protected async loadMore(event: InfiniteScrollCustomEvent): Promise<void> {
    try {
      await this.session.client()?.loadQueries();
    } catch (error) {
      this.error.set(errorText(error));
    }
    await event.target.complete();
  }

  protected async loadFirstPage(): Promise<void> {
    const client = this.session.client();
    if (!client) return;
    try {
      await client.refreshQueries();
      this.error.set(null);
    } catch (error) {
      this.error.set(errorText(error, 'Your queries could not be loaded. Pull down to try again.'));
    }
  }
}
