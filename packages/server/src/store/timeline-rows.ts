/** The `query_events` row (a query's timeline) in both stores, and its mapping to the protocol's TimelineEvent. */
import type { Role, TimelineEvent } from '@parley/protocol';

export interface TimelineRow {
  id: string;
  query_id: string;
  type: TimelineEvent['type'];
  actor_id: string | null;
  actor_role: Role | null;
  actor_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  previous_assignee_id: string | null;
  previous_assignee_name: string | null;
  created_at: string;
}

/** Column order of {@link timelineValues}. */
export const TIMELINE_COLUMNS =
  'id, query_id, type, actor_id, actor_role, actor_name, assignee_id, assignee_name, previous_assignee_id, previous_assignee_name, created_at';

export function timelineValues(e: TimelineEvent): Array<string | null> {
  return [
    e.id, e.queryId, e.type, e.actor?.id ?? null, e.actor?.role ?? null, e.actor?.name ?? null,
    e.assignee?.id ?? null, e.assignee?.name ?? null, e.previousAssignee?.id ?? null, e.previousAssignee?.name ?? null, e.createdAt,
  ];
}

export function toTimelineEvent(row: TimelineRow): TimelineEvent {
  const ref = (id: string | null, name: string | null) => (id !== null && name !== null ? { id, name } : null);
  return {
    id: row.id,
    queryId: row.query_id,
    type: row.type,
    actor: row.actor_id !== null && row.actor_role !== null && row.actor_name !== null ? { id: row.actor_id, role: row.actor_role, name: row.actor_name } : null,
    assignee: ref(row.assignee_id, row.assignee_name),
    previousAssignee: ref(row.previous_assignee_id, row.previous_assignee_name),
    createdAt: row.created_at,
  };
}
