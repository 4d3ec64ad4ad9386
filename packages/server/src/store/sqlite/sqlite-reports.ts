/** Reports in the embedded store: the shared statement (report-rows.ts) with SQLite's placeholders. */
import { type ReportRowRecord, reportRowsSql, toReportRow } from '../report-rows.js';
import type { ReportRow } from '../store.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteReports {
  constructor(private readonly database: SqliteDatabase) {}

  rows(range: { start: string; end: string; assigneeId?: string }): ReportRow[] {
    this.database.assertOpen();
    const sql = reportRowsSql(range.assigneeId !== undefined, '0').replace(/\$(\d)/g, '?$1');
    const values = [range.start, range.end, ...(range.assigneeId !== undefined ? [range.assigneeId] : [])];
    return (this.database.sql(sql).all(...values) as unknown as ReportRowRecord[]).map(toReportRow);
  }
}
