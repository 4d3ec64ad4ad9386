/** Reports in the PostgreSQL store: the shared statement (report-rows.ts). */
import { type ReportRowRecord, reportRowsSql, reportRowsValues, toReportRow } from '../report-rows.js';
import type { ReportRange, ReportRow } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresReports {
  constructor(private readonly database: PostgresDatabase) {}

  async rows(range: ReportRange): Promise<ReportRow[]> {
    const sql = reportRowsSql('false');
    const values = reportRowsValues(range);
    return (await this.database.query<ReportRowRecord>(sql, values)).map(toReportRow);
  }
}
