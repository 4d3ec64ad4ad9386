import type { ListQueriesParams, Query } from '@parley/protocol';

/**
 * Whether a query pushed by the server belongs in a list loaded with these
 * filters (a resolved query leaves an "open" list, a newly assigned one enters "mine").
 */
export function matchesFilter(query: Query, params: ListQueriesParams, userId: string): boolean {
  if (params.status !== undefined && query.status !== params.status) return false;
  if (params.assigneeId === undefined) return true;
  if (params.assigneeId === 'none') return query.assignee === null;
  const wanted = params.assigneeId === 'me' ? userId : params.assigneeId;
  return query.assignee?.id === wanted;
}
