/** Reports in the PostgreSQL store: the shared statement (report-rows.ts). */
import { type ReportRowRecord, reportRowsSql, toReportRow } from '../report-rows.js';
import type { ReportRow } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresReports {
  constructor(private readonly database: PostgresDatabase) {}

  async rows(range: { start: string; end: string; assigneeId?: string }): Promise<ReportRow[]> {
    const sql = reportRowsSql(range.assigneeId !== undefined, 'false');
    const values = [range.start, range.end, ...(range.assigneeId !== undefined ? [range.assigneeId] : [])];
    return (await this.database.query<ReportRowRecord>(sql, values)).map(toReportRow);
  }
}
