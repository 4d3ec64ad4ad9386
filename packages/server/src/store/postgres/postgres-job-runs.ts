/**
 * Once-per-cluster job runs in the PostgreSQL store (table `job_runs`): one
 * statement decides, under the row's lock, by the database's clock (the nodes'
 * clocks may disagree), so exactly one node per interval gets the run.
 */
import type { JobRuns } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

export class PostgresJobRuns implements JobRuns {
  constructor(private readonly database: PostgresDatabase) {}

  async claim(job: string, intervalMs: number): Promise<boolean> {
    const rows = await this.database.query(
      `INSERT INTO job_runs (name, last_run_at) VALUES ($1, now())
       ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at
         WHERE job_runs.last_run_at <= now() - make_interval(secs => $2::double precision / 1000)
       RETURNING name`,
      [job, intervalMs],
    );
    return rows.length > 0;
  }
}
