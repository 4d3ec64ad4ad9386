import { effect, inject, Injectable, untracked } from '@angular/core';
import { Router } from '@angular/router';
import type { Query } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';
import { AlertSettings } from './alert-settings';
import { Beep } from './beep';

/** A query created this long before the console saw it still counts as new (clock skew). */
const NEW_QUERY_GRACE_MS = 60_000;

/**
 * Announces queries that arrive while the tab is hidden: one browser notification (click to
 * open the query) and a chime, each switchable in {@link AlertSettings}. Queries already
 * there at start, or loaded by paging, are not "new" and stay silent.
 */
@Injectable({ providedIn: 'root' })
export class NewQueryAlerts {
  private readonly realtime = inject(RealtimeService);
  private readonly settings = inject(AlertSettings);
  private readonly beep = inject(Beep);
  private readonly router = inject(Router);
  private readonly known = new Set<string>();
  private readonly startedAt = Date.now();

  constructor() {
    effect(() => {
      const items = this.realtime.queries().items;
      untracked(() => this.check(items));
    });
  }

  private check(items: readonly Query[]): void {
    const fresh: Query[] = [];
    for (const query of items) {
      if (this.known.has(query.id)) continue;
      this.known.add(query.id);
      if (Date.parse(query.createdAt) >= this.startedAt - NEW_QUERY_GRACE_MS) fresh.push(query);
    }
    if (fresh.length === 0 || !isHidden()) return;
    if (this.settings.sound()) this.beep.play();
    if (this.settings.notify()) for (const query of fresh) this.notify(query);
  }

  private notify(query: Query): void {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const notification = new Notification(`New query from ${query.customer.name}`, {
      body: query.subject,
      tag: `parley-query-${query.id}`,
    });
    notification.onclick = () => {
      globalThis.focus?.();
      void this.router.navigate(['/queries', query.id]);
      notification.close();
    };
  }
}

function isHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}
