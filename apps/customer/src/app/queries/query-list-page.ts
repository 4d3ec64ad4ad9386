import { Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  IonBadge,
  IonButton,
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
import { Limits, type Query } from '@parley/protocol';
import { ConnectionBanner } from '../connection/connection-banner';
import { errorText } from '../shared/error-text';
import { ParleySession } from '../session/parley-session';
import { previewText, shortTime, statusColor, statusLabel, unreadCount } from './query-summary';

/** "My queries": every query of this customer, newest activity first, live. */
@Component({
  selector: 'app-query-list-page',
  imports: [
    RouterLink,
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
})
export class QueryListPage implements ViewWillEnter {
  private readonly session = inject(ParleySession);

  protected readonly queries = this.session.queries;
  protected readonly me = computed(() => this.session.user()?.id);
  protected readonly error = signal<string | null>(null);
  private loadedOnce = false;
  private refreshes = 0;

  private readonly readByMe = this.session.readByMe;
  protected readonly statusLabel = statusLabel;
  protected readonly statusColor = statusColor;
  protected readonly previewText = previewText;
  protected readonly shortTime = shortTime;

  protected unreadCount(query: Query): number {
    return unreadCount(query, this.readByMe()[query.id]);
  }

  ionViewWillEnter(): void {
    // The list stays live through the socket; the first page only has to be loaded once.
    if (!this.loadedOnce) void this.loadFirstPage();
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
    this.error.set(null);
    // The SDK starts over from the first page only when the filters change, so a reload
    // alternates between two spellings of the same filter (see the report to the SDK owner).
    const params = this.refreshes++ % 2 === 0 ? {} : { limit: Limits.QUERY_PAGE_DEFAULT };
    try {
      await client.loadQueries(params);
      this.loadedOnce = true;
    } catch (error) {
      this.error.set(errorText(error, 'Your queries could not be loaded. Pull down to try again.'));
    }
  }
}
