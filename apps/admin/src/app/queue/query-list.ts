import { ChangeDetectionStrategy, Component, computed, input, model, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Query } from '@parley/protocol';
import { formatDuration } from '../shared/relative-time';
import { filterQueries, QUEUE_FILTERS, type QueueFilter, unreadCount } from './query-filter';

/** One row as the template shows it: everything derived once per change, not per check. */
interface QueryRow {
  query: Query;
  preview: string;
  waiting: string | null;
  unread: number;
}

/** The queue: filter tabs and the live list of queries under the chosen tab. */
@Component({
  selector: 'pa-query-list',
  imports: [RouterLink],
  templateUrl: './query-list.html',
  styleUrl: './query-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueryList {
  readonly queries = input.required<readonly Query[]>();
  readonly meId = input.required<string>();
  /** Epoch ms, ticking, for waiting times. */
  readonly now = input.required<number>();
  readonly selectedId = input<string | null>(null);
  readonly loading = input(false);
  readonly hasMore = input(false);
  readonly filter = model<QueueFilter>('open');
  readonly loadMore = output<void>();

  protected readonly filters = QUEUE_FILTERS;

  protected readonly counts = computed(() => {
    const counts = {} as Record<QueueFilter, number>;
    for (const { id } of this.filters) counts[id] = filterQueries(this.queries(), id, this.meId()).length;
    return counts;
  });

  protected readonly rows = computed<QueryRow[]>(() => {
    const me = this.meId();
    const now = this.now();
    return filterQueries(this.queries(), this.filter(), me).map((query) => ({
      query,
      preview: previewOf(query, me),
      waiting:
        query.waitingSince && query.status !== 'resolved'
          ? formatDuration(now - Date.parse(query.waitingSince))
          : null,
      unread: unreadCount(query),
    }));
  });

  protected selectFilter(filter: QueueFilter): void {
    this.filter.set(filter);
  }

  /** Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects. */
  protected moveFilter(event: KeyboardEvent): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const index = this.filters.findIndex((f) => f.id === this.filter());
    const next = this.filters[(index + step + this.filters.length) % this.filters.length];
    if (!next) return;
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
