/**
 * A PostgreSQL database of its own for each test (or suite), made on the
 * machine's server and dropped afterwards. TEST_DATABASE_URL names the server
 * and a database to connect to for CREATE/DROP (default: the `test` database
 * on 127.0.0.1:5432 as `postgres`, which .ci/run starts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: string;
  /** DATABASE_URL of the new database. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database `parley_<label>_<random>`; `encoding` other than the server's default (e.g. `LATIN1`,
 * with the C locale) to test what Parley says about it.
 */
export async function createTestDatabase(label = 'test', options: { encoding?: 'LATIN1' } = {}): Promise<TestDatabase> {
  const name = `parley_${label.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(6).toString('hex')}`;
  const encoding = options.encoding ? ` ENCODING '${options.encoding}' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'` : '';
  await admin((client) => client.query(`CREATE DATABASE "${name}"${encoding}`));
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs `work` on a fresh database from {@link createTestDatabase}, and drops it afterwards whatever happened. */
export async function withTestDatabase<T>(
  label: string,
  work: (database: TestDatabase) => Promise<T>,
  options: { encoding?: 'LATIN1' } = {},
): Promise<T> {
  const database = await createTestDatabase(label, options);
  try {
    return await work(database);
  } finally {
    await database.drop();
  }
}

/** Runs one statement on a test database (reading what the server stored, independently of it). */
export async function sql<R extends object = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
