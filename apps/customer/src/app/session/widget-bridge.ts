/**
 * The app's side of the chat widget (apps/widget): when the app runs in the
 * widget's iframe, it answers the page that framed it. That page is the only
 * one it listens to (`event.source` is `window.parent`), and the server's
 * `frame-ancestors` (CORS_ORIGINS) decides which sites may frame the app at
 * all. The page's first `parley:hello` fixes its origin; every later message
 * must come from it, and every answer goes to it alone.
 *
 * Page → app: `parley:hello`, `parley:panel {open}` (whether the panel shows:
 * nothing is marked read while it is closed), `parley:identify {identity}`,
 * `parley:logout`. App → page: `parley:ready`, `parley:unread {count}`.
 */
import { computed, effect, inject, Injectable, InjectionToken, Injector, signal } from '@angular/core';
import { Router } from '@angular/router';
import { unreadCount } from '../queries/query-summary';
import { ParleySession } from './parley-session';

/** The page framing the app (the widget's host): the window messages come from, and how to answer it. */
export interface WidgetParent {
  readonly source: unknown;
  postMessage(message: object, targetOrigin: string): void;
}

/**
 * The framing page, or null in a tab of its own. Wrapped rather than the Window itself: DI probes what it holds
 * (`ngOnDestroy`), which a cross-origin Window refuses with a SecurityError. Tests provide a fake.
 */
export const WIDGET_PARENT = new InjectionToken<WidgetParent | null>('WIDGET_PARENT', {
  providedIn: 'root',
  factory: () => {
    if (typeof window === 'undefined' || window.parent === window) return null;
    const parent = window.parent;
    return { source: parent, postMessage: (message, targetOrigin) => parent.postMessage(message, targetOrigin) };
  },
});

type PageMessage =
  | { type: 'parley:hello' }
  | { type: 'parley:panel'; open: boolean }
  | { type: 'parley:identify'; identity: string }
  | { type: 'parley:logout' };

@Injectable({ providedIn: 'root' })
export class WidgetBridge {
  private readonly session = inject(ParleySession);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private parentOrigin: string | null = null;
  private lastUnread = -1;
  private readonly parent = inject(WIDGET_PARENT);
  /** True when the app runs in a frame (the widget's panel). */
  readonly framed = this.parent !== null;
  private readonly panel = signal(!this.framed);
  /** Whether the customer can see the app: false while the widget's panel is closed. */
  readonly visible = this.panel.asReadonly();
  /** Replies not read yet, over all the customer's queries: the launcher's badge. */
  private readonly unread = computed(() => this.session.queries().items.reduce((sum, query) => sum + unreadCount(query), 0));

  /** Starts listening when framed; does nothing in a tab of its own. */
  start(): void {
    if (!this.framed) return;
    window.addEventListener('message', (event) => this.receive(event));
    effect(() => this.postUnread(this.unread()), { injector: this.injector });
  }

  private receive(event: MessageEvent): void {
    if (!this.parent || event.source !== this.parent.source) return;
    const message = event.data as PageMessage | null;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    if (message.type === 'parley:hello') {
      this.parentOrigin ??= event.origin;
      if (event.origin !== this.parentOrigin) return;
      this.post({ type: 'parley:ready' });
      this.lastUnread = -1;
      this.postUnread(this.unread());
      return;
    }
    if (event.origin !== this.parentOrigin) return;
    switch (message.type) {
      case 'parley:panel':
        this.panel.set(message.open === true);
        break;
      case 'parley:identify':
        if (typeof message.identity === 'string') void this.identify(message.identity);
        break;
      case 'parley:logout':
        void this.session.forgetDevice().then(() => this.router.navigateByUrl('/start'));
        break;
    }
  }

  private async identify(identity: string): Promise<void> {
    try {
      await this.session.adoptIdentity(identity);
      await this.router.navigateByUrl('/queries');
    } catch (error) {
      console.warn('The host page passed an identity the server refused; staying as before.', error);
    }
  }

  private postUnread(count: number): void {
    if (count === this.lastUnread || !this.parentOrigin) return;
    this.lastUnread = count;
    this.post({ type: 'parley:unread', count });
  }

  private post(message: object): void {
    if (this.parentOrigin) this.parent?.postMessage(message, this.parentOrigin);
  }
}
