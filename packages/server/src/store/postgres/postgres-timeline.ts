/** A query's timeline in the PostgreSQL store (migration 8): written inside the transaction of each change. */
import type { TimelineEvent } from '@parley/protocol';
import { TIMELINE_COLUMNS, type TimelineRow, timelineValues, toTimelineEvent } from '../timeline-rows.js';
import type { PostgresDatabase, Queryable } from './postgres-database.js';

export class PostgresTimeline {
  constructor(private readonly database: PostgresDatabase) {}

  /** On `client`, inside the transaction of the change that produced `events`. */
  async record(client: Queryable, events: readonly TimelineEvent[]): Promise<void> {
    for (const e of events) {
      await client.query(`INSERT INTO query_events (${TIMELINE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, timelineValues(e));
    }
  }

  async list(queryId: string, limit: number): Promise<TimelineEvent[]> {
    const rows = await this.database.query<TimelineRow>(
      'SELECT * FROM query_events WHERE query_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2',
      [queryId, limit],
    );
    return rows.reverse().map(toTimelineEvent);
  }
}
