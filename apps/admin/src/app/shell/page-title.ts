import { effect, inject, Injectable, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';

/**
 * The document title: the route's title with the unread count in front ("(3) Queue · Parley"),
 * so a background tab shows there is work. It is the router's TitleStrategy, so navigation
 * never overwrites the count and the count never overwrites the page's name.
 */
@Injectable({ providedIn: 'root' })
export class PageTitle extends TitleStrategy {
  private readonly title = inject(Title);
  /** The current route's title. */
  readonly route = signal(this.title.getTitle());
  /** Unread messages waiting for me; 0 shows no count. */
  readonly unread = signal(0);

  constructor() {
    super();
    effect(() => {
      const unread = this.unread();
      const route = this.route();
      this.title.setTitle(unread > 0 ? `(${unread}) ${route}` : route);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const title = this.buildTitle(snapshot);
    if (title !== undefined) this.route.set(title);
  }
}
