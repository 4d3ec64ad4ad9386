/** A query's timeline in the embedded store (migration 12): written inside the transaction of each change. */
import type { TimelineEvent } from '@parley/protocol';
import { TIMELINE_COLUMNS, type TimelineRow, timelineValues, toTimelineEvent } from '../timeline-rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteTimeline {
  constructor(private readonly database: SqliteDatabase) {}

  /** Call inside the transaction of the change that produced `events`. */
  record(events: readonly TimelineEvent[]): void {
    if (events.length === 0) return;
    const insert = this.database.sql(`INSERT INTO query_events (${TIMELINE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const e of events) insert.run(...timelineValues(e));
  }

  list(queryId: string, limit: number): TimelineEvent[] {
    this.database.assertOpen();
    const rows = this.database
      .sql(`SELECT * FROM query_events WHERE query_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(queryId, limit) as unknown as TimelineRow[];
    return rows.reverse().map(toTimelineEvent);
  }
}
