import { ChangeDetectionStrategy, Component, computed, inject, input, model, output } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { Query } from '@parley/protocol';
import { formatDuration } from '../time/relative-time';
import { filterQueries, matchesSearch, QUEUE_FILTERS, QueueFilter, unreadCount } from './query-filter';

/** One row as the template shows it: everything derived once per change, not per check. */
interface QueryRow {
  query: Query;
  preview: string;
  waiting: string | null;
  unread: number;
}

/** The queue: filter tabs, a search box and the live list of queries under the chosen tab. */
@Component({
  selector: 'pa-query-list',
  imports: [RouterLink],
  templateUrl: './query-list.html',
  styleUrl: './query-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueryList {
  private readonly router = inject(Router);
  readonly queries = input.required<readonly Query[]>();
  readonly meId = input.required<string>();
  /** Epoch ms, ticking, for waiting times. */
  readonly now = input.required<number>();
  readonly selectedId = input<string | null>(null);
  /** The unresolved queries are still being paged in. */
  readonly loading = input(false);
  /** Every open and pending query is loaded: their counts are exact. */
  readonly unresolvedComplete = input(true);
  /** More resolved queries exist than are loaded. */
  readonly hasMoreResolved = input(false);
  readonly loadingResolved = input(false);
  readonly filter = model<QueueFilter>('open');
  readonly search = model('');
  readonly loadMoreResolved = output<void>();

  protected readonly filters = QUEUE_FILTERS;

  private readonly searched = computed(() => {
    const needle = this.search().trim().toLowerCase();
    return needle ? this.queries().filter((q) => matchesSearch(q, needle)) : this.queries();
  });

  /** Tab counts; "50+" where more exist than are loaded (resolved), "…" while the working set is still loading. */
  protected readonly counts = computed(() => {
    const counts = {} as Record<QueueFilter, string>;
    for (const { id } of this.filters) {
      const n = filterQueries(this.searched(), id, this.meId()).length;
      const partial = id === QueueFilter.Resolved ? this.hasMoreResolved() : !this.unresolvedComplete();
      counts[id] = partial ? (n === 0 && this.loading() ? '…' : `${n}+`) : String(n);
    }
    return counts;
  });

  protected readonly rows = computed<QueryRow[]>(() => {
    const me = this.meId();
    const now = this.now();
    return filterQueries(this.searched(), this.filter(), me).map((query) => ({
      query,
      preview: previewOf(query, me),
      waiting:
        query.waitingSince && query.status !== 'resolved'
          ? formatDuration(now - Date.parse(query.waitingSince))
          : null,
      unread: unreadCount(query),
    }));
  });

  protected readonly showLoadMore = computed(() => this.filter() === QueueFilter.Resolved && this.hasMoreResolved());
  protected readonly busy = computed(() => (this.filter() === QueueFilter.Resolved ? this.loadingResolved() : this.loading()));

  protected selectFilter(filter: QueueFilter): void {
    this.filter.set(filter);
  }

  /** Enter in the box: the full search, over every conversation and message (not only the loaded queue). */
  protected searchEverywhere(): void {
    const q = this.search().trim();
    if (q) void this.router.navigate(['/search'], { queryParams: { q } });
  }

  protected updateSearch(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
  }

  /** Arrow keys, Home and End move between tabs, as the WAI-ARIA tabs pattern expects. */
  protected moveFilter(event: KeyboardEvent): void {
    const index = this.filters.findIndex((f) => f.id === this.filter());
    const last = this.filters.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index + 1) % this.filters.length
      : event.key === 'ArrowLeft' ? (index - 1 + this.filters.length) % this.filters.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    const next = this.filters[target];
    if (!next) return;
    event.preventDefault();
    this.filter.set(next.id);
    const tablist = (event.currentTarget as HTMLElement | null) ?? null;
    tablist?.querySelector<HTMLElement>(`[data-filter="${next.id}"]`)?.focus();
  }
}

function previewOf(query: Query, meId: string): string {
  const last = query.lastMessage;
  if (!last) return '';
  if (last.author.id === meId) return `You: ${last.body}`;
  if (last.author.role !== 'customer') return `${last.author.name}: ${last.body}`;
  return last.body;
}
