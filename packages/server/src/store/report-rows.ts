/**
 * The reports' one query, for both stores: every conversation opened in a period with its first agent reply
 * (public messages only) and its first resolution (timeline events), read in one statement. Placeholders are
 * written `$1…` and turned into `?` for SQLite by the caller.
 */
import type { ReportRange, ReportRow } from './store.js';

/** The statement's values for a range, in placeholder order. */
export function reportRowsValues(range: ReportRange): Array<string | null> {
  return [range.start, range.end, range.assigneeId ?? null, range.teamId ?? null];
}

export interface ReportRowRecord {
  id: string;
  created_at: string;
  assignee_id: string | null;
  assignee_name: string | null;
  team_id: string | null;
  team_name: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  rating_score: number | null;
}

/**
 * `$1` start, `$2` end, `$3` the assignee (or null for any), `$4` the team (or null for any). `falseValue`: the
 * store's spelling of false.
 */
export function reportRowsSql(falseValue: string): string {
  return `
    SELECT q.id, q.created_at, q.assignee_id, a.name AS assignee_name, q.team_id, t.name AS team_name, q.rating_score,
      (SELECT MIN(m.created_at) FROM messages m
        WHERE m.query_id = q.id AND m.internal = ${falseValue} AND m.author_role NOT IN ('customer', 'system')) AS first_response_at,
      (SELECT MIN(e.created_at) FROM query_events e WHERE e.query_id = q.id AND e.type = 'resolved') AS resolved_at
    FROM queries q LEFT JOIN agents a ON a.id = q.assignee_id LEFT JOIN teams t ON t.id = q.team_id
    WHERE q.created_at >= $1 AND q.created_at < $2
      AND (CAST($3 AS TEXT) IS NULL OR q.assignee_id = CAST($3 AS TEXT)) AND (CAST($4 AS TEXT) IS NULL OR q.team_id = CAST($4 AS TEXT))
    ORDER BY q.created_at, q.id`;
}

export function toReportRow(r: ReportRowRecord): ReportRow {
  return {
    queryId: r.id,
    createdAt: r.created_at,
    assignee: r.assignee_id !== null && r.assignee_name !== null ? { id: r.assignee_id, name: r.assignee_name } : null,
    team: r.team_id !== null && r.team_name !== null ? { id: r.team_id, name: r.team_name } : null,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    ratingScore: r.rating_score === null ? null : Number(r.rating_score),
  };
}
