import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { MessageHit, Query } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';
import { UiAction } from '../realtime/ui-action';
import { HighlightedText } from './highlighted-text';

/**
 * Search across every conversation, whatever its status (the queue's box filters only what is loaded): the
 * queries whose subject, customer name or email, or id match, and every message (internal notes too) whose
 * words match, newest first, each one click from the conversation scrolled to that message.
 */
@Component({
  selector: 'pa-search-page',
  imports: [RouterLink, HighlightedText],
  templateUrl: './search-page.html',
  styleUrl: './search-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchPage {
  /** From the URL (`/search?q=…`), so a search can be reloaded, shared and gone back to. */
  readonly q = input<string | undefined>(undefined);

  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);
  protected readonly action = new UiAction();
  protected readonly queries = signal<Query[]>([]);
  protected readonly messages = signal<MessageHit[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  /** The text the results are for (null before the first search). */
  protected readonly searched = signal<string | null>(null);

  constructor() {
    effect(() => {
      const q = this.q()?.trim() ?? '';
      untracked(() => {
        if (q) void this.run(q);
        else {
          this.searched.set(null);
          this.queries.set([]);
          this.messages.set([]);
          this.nextCursor.set(null);
        }
      });
    });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const q = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    void this.router.navigate(['/search'], { queryParams: { q: q || null } });
  }

  protected loadMore(): void {
    const q = this.searched();
    const cursor = this.nextCursor();
    if (!q || !cursor) return;
    void this.action.run(async () => {
      const page = await this.realtime.api.search(q, { cursor });
      this.messages.update((list) => [...list, ...page.messages]);
      this.nextCursor.set(page.nextCursor);
    });
  }

  /** Where a hit opens: the conversation, scrolled to the message (`seq`, or `note` for an internal note). */
  protected focusParams(hit: MessageHit): Record<string, number> {
    return hit.message.internal ? { note: hit.message.seq } : { seq: hit.message.seq };
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  private run(q: string): Promise<void> {
    return this.action.run(async () => {
      const result = await this.realtime.api.search(q);
      // A newer search may have started meanwhile: keep only the answer for the text in the URL.
      if ((this.q()?.trim() ?? '') !== q) return;
      this.searched.set(q);
      this.queries.set(result.queries);
      this.messages.set(result.messages);
      this.nextCursor.set(result.nextCursor);
    });
  }
}
