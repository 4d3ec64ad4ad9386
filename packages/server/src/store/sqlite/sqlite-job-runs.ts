/** Once-per-cluster job runs in the embedded store (table `job_runs`): one node, so one transaction decides. */
import type { JobRuns } from '../store.js';
import type { SqliteDatabase } from './sqlite-database.js';

export class SqliteJobRuns implements JobRuns {
  constructor(private readonly database: SqliteDatabase) {}

  async claim(job: string, intervalMs: number, now = new Date()): Promise<boolean> {
    this.database.assertOpen();
    const threshold = new Date(now.getTime() - intervalMs).toISOString();
    // One statement: inserted when the job never ran, updated only when its last run is old enough.
    const row = this.database
      .sql(
        `INSERT INTO job_runs (name, last_run_at) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at WHERE job_runs.last_run_at <= ?
         RETURNING name`,
      )
      .get(job, now.toISOString(), threshold);
    return row !== undefined;
  }
}
