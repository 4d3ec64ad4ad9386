/**
 * PostgreSQL's share of a measured window: on PostgreSQL, part of the store's
 * work (parsing, planning, locking, writing the WAL and fsyncing it at
 * commit) runs in the database's backend processes, not in Parley's. Their
 * CPU is read from /proc like the servers' (the backends are processes on
 * this machine); which backends serve the database, from pg_stat_activity.
 *
 * A backend that exits inside the window takes its CPU with it (Parley's pool
 * keeps its connections while it is busy, so under load that does not happen);
 * one that starts inside it counts from its start. The WAL figure is the whole
 * server's (pg_current_wal_lsn): other databases' writes are included.
 */
import pg from 'pg';
import { cpuSeconds } from './proc-stats.ts';

export interface DatabaseUsage {
  /** CPU-seconds of the database's backends. */
  cpuSeconds: number;
  /** WAL bytes the server wrote. */
  walBytes: number;
}

export class DatabaseWindow {
  readonly #client: pg.Client;
  readonly #startCpu: Map<number, number>;
  readonly #startLsn: string;

  private constructor(client: pg.Client, startCpu: Map<number, number>, startLsn: string) {
    this.#client = client;
    this.#startCpu = startCpu;
    this.#startLsn = startLsn;
  }

  /** Connects to the database (`databaseUrl`) and takes the window's first reading. */
  static async start(databaseUrl: string): Promise<DatabaseWindow> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { cpu, lsn } = await DatabaseWindow.#read(client);
      return new DatabaseWindow(client, cpu, lsn);
    } catch (error) {
      await client.end();
      throw error;
    }
  }

  /** Takes the last reading and closes the connection. */
  async stop(): Promise<DatabaseUsage> {
    try {
      const { cpu, lsn } = await DatabaseWindow.#read(this.#client);
      let used = 0;
      for (const [pid, seconds] of cpu) used += Math.max(0, seconds - (this.#startCpu.get(pid) ?? 0));
      const { rows } = await this.#client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($1, $2)::text AS bytes', [lsn, this.#startLsn]);
      return { cpuSeconds: used, walBytes: Number(rows[0]?.bytes ?? Number.NaN) };
    } finally {
      await this.#client.end();
    }
  }

  /** The CPU used so far by each backend of this database (not ours), and the WAL position. */
  static async #read(client: pg.Client): Promise<{ cpu: Map<number, number>; lsn: string }> {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    const { rows: [position] } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const cpu = new Map<number, number>();
    await Promise.all(rows.map(async ({ pid }) => {
      // A backend may exit between the query and the read.
      const seconds = await cpuSeconds(pid).catch(() => undefined);
      if (seconds !== undefined) cpu.set(pid, seconds);
    }));
    return { cpu, lsn: position!.lsn };
  }
}
