/**
 * A PostgreSQL database of its own for one Parley server under test, created
 * on the machine's PostgreSQL (TEST_DATABASE_URL, the same one the cluster
 * tests use) and dropped when the server stops. A fresh database per run, as
 * SQLite gets a fresh DATA_DIR, so no run reads what another one wrote.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_ADMIN_DATABASE_URL } from '../../../deploy/cluster/local-cluster.ts';

export class FreshDatabase {
  /** postgres://…/<name>, for the server's DATABASE_URL. */
  readonly url: string;
  readonly name: string;
  readonly #adminUrl: string;

  private constructor(adminUrl: string, name: string) {
    this.#adminUrl = adminUrl;
    this.name = name;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    this.url = url.toString();
  }

  /** Creates `parley_bench_<random>` through `adminUrl` (any database on the server, default TEST_DATABASE_URL's). */
  static async create(adminUrl = DEFAULT_ADMIN_DATABASE_URL): Promise<FreshDatabase> {
    const database = new FreshDatabase(adminUrl, `parley_bench_${randomBytes(5).toString('hex')}`);
    await database.#admin(`CREATE DATABASE "${database.name}"`);
    return database;
  }

  /** Drops the database, closing any connection still open to it. */
  async drop(): Promise<void> {
    await this.#admin(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
  }

  async #admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.#adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
