/**
 * The reports' one query, for both stores: every conversation opened in a period with its first agent reply
 * (public messages only) and its first resolution (timeline events), read in one statement. Placeholders are
 * written `$1…` and turned into `?` for SQLite by the caller.
 */
import type { ReportRow } from './store.js';

export interface ReportRowRecord {
  id: string;
  created_at: string;
  assignee_id: string | null;
  assignee_name: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  rating_score: number | null;
}

/** `$1` start, `$2` end, and `$3` the assignee when `byAssignee`. `falseValue`: the store's spelling of false. */
export function reportRowsSql(byAssignee: boolean, falseValue: string): string {
  return `
    SELECT q.id, q.created_at, q.assignee_id, a.name AS assignee_name, q.rating_score,
      (SELECT MIN(m.created_at) FROM messages m
        WHERE m.query_id = q.id AND m.internal = ${falseValue} AND m.author_role NOT IN ('customer', 'system')) AS first_response_at,
      (SELECT MIN(e.created_at) FROM query_events e WHERE e.query_id = q.id AND e.type = 'resolved') AS resolved_at
    FROM queries q LEFT JOIN agents a ON a.id = q.assignee_id
    WHERE q.created_at >= $1 AND q.created_at < $2${byAssignee ? ' AND q.assignee_id = $3' : ''}
    ORDER BY q.created_at, q.id`;
}

export function toReportRow(r: ReportRowRecord): ReportRow {
  return {
    queryId: r.id,
    createdAt: r.created_at,
    assignee: r.assignee_id !== null && r.assignee_name !== null ? { id: r.assignee_id, name: r.assignee_name } : null,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    ratingScore: r.rating_score === null ? null : Number(r.rating_score),
  };
}
