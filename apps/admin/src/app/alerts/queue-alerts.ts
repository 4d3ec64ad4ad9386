import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import type { Query } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { unreadCount } from '../queue/query-filter';
import { RealtimeService } from '../realtime/realtime';
import { PageTitle } from '../shell/page-title';
import { isQueueUrl } from '../shell/queue-url';
import { AlertSettings } from './alert-settings';
import { Beep } from './beep';

/** A query created this long before the console saw it still counts as new (clock skew). */
const NEW_QUERY_GRACE_MS = 60_000;

/**
 * Announces work that arrives while the tab is hidden: new queries and (switchable) customer
 * replies on queries assigned to me, each with one browser notification (click to open the
 * query) and a chime, as {@link AlertSettings} allows. Queries already there at start, or
 * loaded by paging, are not "new" and stay silent. Also keeps the page title's unread count
 * (my queries and unassigned ones), so a background tab shows there is work. New queries that
 * arrive while the agent is on another console page (Agents, Integrations…) are kept in
 * {@link newElsewhere} until they go back to the queue: the shell badges the Queue link with
 * them and shows the latest in a toast.
 *
 * Provided by the signed-in shell, not the root: it lives and dies with the session.
 */
@Injectable()
export class QueueAlerts {
  private readonly realtime = inject(RealtimeService);
  private readonly settings = inject(AlertSettings);
  private readonly session = inject(SessionStore);
  private readonly beep = inject(Beep);
  private readonly router = inject(Router);
  private readonly title = inject(PageTitle);
  /** Last seq seen per query: a higher one with a customer author is a reply. */
  private readonly seen = new Map<string, number>();
  private readonly startedAt = Date.now();
  private readonly elsewhere = signal<readonly Query[]>([]);
  /** New queries that arrived while another console page was shown, oldest first; empty once on the queue. */
  readonly newElsewhere = this.elsewhere.asReadonly();
  /** How many of them the agent had when they closed the toast. */
  private readonly toastClosed = signal(0);
  /** The latest new query to show in the toast, or null (none, or the toast was closed since it came). */
  readonly toastQuery = computed(() => {
    const list = this.elsewhere();
    return list.length > this.toastClosed() ? list.at(-1)! : null;
  });

  constructor() {
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        if (isQueueUrl(this.router.url)) {
          this.elsewhere.set([]);
          this.toastClosed.set(0);
        }
      });
    effect(() => {
      const items = this.realtime.queue().items;
      untracked(() => this.check(items));
    });
    effect(() => this.title.unread.set(this.unreadForMe(this.realtime.queue().items)));
    inject(DestroyRef).onDestroy(() => this.title.unread.set(0));
  }

  private check(items: readonly Query[]): void {
    const meId = this.session.agent()?.id;
    const fresh: Query[] = [];
    const replies: Query[] = [];
    for (const query of items) {
      const before = this.seen.get(query.id);
      this.seen.set(query.id, Math.max(before ?? 0, query.lastSeq));
      if (before === undefined) {
        if (Date.parse(query.createdAt) >= this.startedAt - NEW_QUERY_GRACE_MS) fresh.push(query);
      } else if (
        query.lastSeq > before &&
        query.lastMessage?.author.role === 'customer' &&
        query.assignee?.id === meId &&
        query.status !== 'resolved'
      ) {
        replies.push(query);
      }
    }
    if (fresh.length > 0 && !isQueueUrl(this.router.url)) {
      this.elsewhere.update((list) => [...list, ...fresh.filter((q) => !list.some((known) => known.id === q.id))]);
    }
    const announced = [...fresh.map((q) => ({ q, reply: false })), ...(this.settings.replies() ? replies.map((q) => ({ q, reply: true })) : [])];
    if (announced.length === 0 || !isHidden()) return;
    if (this.settings.sound()) this.beep.play();
    if (this.settings.notificationsOn()) for (const { q, reply } of announced) this.notify(q, reply);
  }

  /** The agent closed the toast: the badge stays until they look at the queue. */
  dismissToast(): void {
    this.toastClosed.set(this.elsewhere().length);
  }

  private unreadForMe(items: readonly Query[]): number {
    const meId = this.session.agent()?.id;
    let total = 0;
    for (const query of items) {
      if (query.status === 'resolved') continue;
      if (query.assignee === null || query.assignee.id === meId) total += unreadCount(query);
    }
    return total;
  }

  private notify(query: Query, reply: boolean): void {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const notification = new Notification(reply ? `${query.customer.name} replied` : `New query from ${query.customer.name}`, {
      body: reply ? (query.lastMessage?.body ?? query.subject) : query.subject,
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
