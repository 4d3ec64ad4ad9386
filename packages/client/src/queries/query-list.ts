/**
 * The live query list, pure: pages from REST and `query:created`/`query:updated`
 * events merged by id, the newer `updatedAt` winning, sorted newest first.
 * Events can arrive before, after or between the pages that also carry the
 * query; keeping the newer copy makes the order irrelevant.
 */
import type { Query } from '@parley/protocol';

export interface QueryListState {
  readonly items: readonly Query[];
  readonly loading: boolean;
  readonly nextCursor: string | null;
}

export const emptyQueryList: QueryListState = Object.freeze({ items: [], loading: false, nextCursor: null });

/** Merges queries in; an incoming copy replaces a stored one unless it is older. */
export function mergeQueries(items: readonly Query[], incoming: readonly Query[]): readonly Query[] {
  if (incoming.length === 0) return items;
  const byId = new Map(items.map((q) => [q.id, q]));
  let changed = false;
  for (const query of incoming) {
    const current = byId.get(query.id);
    if (current && isOlder(query, current)) continue;
    if (current && sameQuery(current, query)) continue;
    byId.set(query.id, query);
    changed = true;
  }
  if (!changed) return items;
  return [...byId.values()].sort(newestFirst);
}

/** Newest activity first; ties broken by id so the order never flickers. */
function newestFirst(a: Query, b: Query): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isOlder(candidate: Query, current: Query): boolean {
  const a = Date.parse(candidate.updatedAt);
  const b = Date.parse(current.updatedAt);
  // Same timestamp: two changes within one clock tick; the one with more messages is the later one.
  return a < b || (a === b && candidate.lastSeq < current.lastSeq);
}

function sameQuery(a: Query, b: Query): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Folds a fresh first page into a list after a reconnect. The server pages by
 * createdAt desc, so the page covers every query created at or after its
 * oldest entry (everything, when it is the last page): a covered query missing
 * from it has left the filter (resolved, reassigned) while we were away and is
 * dropped. Queries a live event touched since the fetch began (`keep`) stay.
 */
export function replaceCovered(
  items: readonly Query[],
  page: readonly Query[],
  complete: boolean,
  keep: ReadonlySet<string>,
): readonly Query[] {
  const inPage = new Set(page.map((q) => q.id));
  const oldest = page.reduce<Query | undefined>((min, q) => (!min || createdBefore(q, min) ? q : min), undefined);
  const covered = (q: Query): boolean => complete || (oldest !== undefined && !createdBefore(q, oldest));
  const kept = items.filter((q) => inPage.has(q.id) || keep.has(q.id) || !covered(q));
  return mergeQueries(kept.length === items.length ? items : kept, page);
}

/** Server page order is createdAt desc, id desc: "before" = further down the pages. */
function createdBefore(a: Query, b: Query): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/**
 * Applies `normalize` again to the listed query `id` (local knowledge such as my
 * own read cursor changed). Returns `items` itself when the query is not listed
 * or `normalize` gives it back unchanged, so stores can skip the update.
 */
export function renormalizeQuery(items: readonly Query[], id: string, normalize: (query: Query) => Query): readonly Query[] {
  const index = items.findIndex((q) => q.id === id);
  if (index < 0) return items;
  const next = normalize(items[index]!);
  if (next === items[index]) return items;
  const copy = [...items];
  copy[index] = next;
  return copy;
}

/** `state` with `items` in place; `state` itself when they are the same array, so subscribers are not woken for nothing. */
export function withItems<S extends { readonly items: readonly Query[] }>(state: S, items: readonly Query[]): S {
  return items === state.items ? state : { ...state, items };
}
