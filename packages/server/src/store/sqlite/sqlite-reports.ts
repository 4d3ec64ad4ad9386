/** Reports in the embedded store: the shared statement (report-rows.ts) with SQLite's placeholders. */
import { type ReportRowRecord, reportRowsSql, reportRowsValues, toReportRow } from '../report-rows.js';
import type { ReportRange, ReportRow } from '../store.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteReports {
  constructor(private readonly database: SqliteDatabase) {}

  rows(range: ReportRange): ReportRow[] {
    this.database.assertOpen();
    const sql = reportRowsSql('0').replace(/\$(\d)/g, '?$1');
    const values = reportRowsValues(range);
    return (this.database.sql(sql).all(...values) as unknown as ReportRowRecord[]).map(toReportRow);
  }
}
