/**
 * The connection pool every part of the PostgreSQL store shares (node-postgres
 * `pg.Pool`), with what they all need from it: queries and transactions whose
 * failures to reach the database become AppError('unavailable'), timestamps
 * read back as the same ISO strings the rest of Parley uses, and the closed check.
 *
 * Why `pg` (docs/architecture.md has the measurement): a plain pool of
 * connections we control (size, connect and query timeouts, TCP keep-alive),
 * typed errors carrying the SQLSTATE, and no hidden pipelining or
 * reconnection. The store's hot path — the group commit — is a handful of
 * set-based statements per batch, so round trips are few whatever the batch
 * size, which is what pipelining would otherwise have bought.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../../errors/app-error.js';

/** How the pool reaches the database and how long it waits for it. */
export interface PostgresOptions {
  url: string;
  /** Connections per node: the group commit uses one at a time; reads and short writes the rest. */
  poolMax: number;
  /** How long to wait for a new connection before answering `unavailable`. */
  connectTimeoutMs?: number;
  /**
   * How long one statement may take before the client gives up on it: a database that went silent (a cut
   * network, not a refused connection) is then answered `unavailable` instead of hanging every send.
   */
  queryTimeoutMs?: number;
  log?: Pick<Logger, 'warn'>;
}

/** The subset of pg's client both a pooled query and a transaction offer. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

const TIMESTAMPTZ = 1184;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ) as (value: string) => Date;

/** pg's own type parsers, but timestamptz as the ISO text the protocol uses (ms precision, `Z`), like SQLite's column. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ ? (value: string) => parseTimestamp(value).toISOString() : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * SQLSTATE classes that mean "the database cannot do this now", not "this request is wrong": connection
 * exceptions (08), insufficient resources (53: disk full, too many connections), operator intervention (57:
 * shutdown, statement timeout, cannot connect now), system errors (58), and a read-only database (a replica
 * promoted late, 25006). Answered `unavailable`, which clients retry.
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

/** Deadlock and serialization failures: the transaction is retried as a whole. */
const RETRYABLE = new Set(['40001', '40P01']);
const TRANSACTION_ATTEMPTS = 3;

/** True when `error` says the database could not be reached or could not do the work now. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'unavailable';
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    return UNAVAILABLE_CLASSES.has(code.slice(0, 2)) || code === '25006' || RETRYABLE.has(code);
  }
  // Everything else pg throws is about the connection itself: refused, reset, terminated, timed out.
  return error instanceof Error;
}

/** The error callers see: `unavailable` for connection trouble, the original (a bug: `internal`) otherwise. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof AppError || !isUnavailable(error)) return error;
  return new AppError('unavailable', 'the database is unreachable; retry shortly');
}

/** How often a database that stopped answering is asked again, until it answers. */
export const PROBE_INTERVAL_MS = 1_000;

export class PostgresDatabase {
  readonly pool: pg.Pool;
  #closed = false;
  #available = true;
  #probe: ReturnType<typeof setInterval> | null = null;
  readonly #listeners = new Set<(available: boolean) => void>();

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      query_timeout: options.queryTimeoutMs ?? 15_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: 'parley',
      types,
    });
    // An idle connection that dies (database restarted, network cut) is reported here; without a listener
    // the pool's error would crash the process. The pool drops it and opens a new one when next needed.
    this.pool.on('error', (error) => options.log?.warn({ err: error }, 'idle PostgreSQL connection lost'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** @throws AppError('unavailable') once the store is closed. */
  assertOpen(): void {
    if (this.#closed) throw new AppError('unavailable', 'the store is closed');
  }

  /** One statement on any pooled connection; rows typed by the caller. */
  async query<R extends object = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<R[]> {
    this.assertOpen();
    try {
      const { rows } = await this.pool.query<R>(sql, values);
      this.#answered();
      return rows;
    } catch (error) {
      throw this.#failed(error);
    }
  }

  /**
   * `listener(false)` when the database stops answering, `listener(true)` when it answers again: probed every
   * {@link PROBE_INTERVAL_MS} meanwhile, so recovery is noticed even when no request comes.
   */
  watchAvailability(listener: (available: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #answered(): void {
    if (this.#available) return;
    this.#available = true;
    if (this.#probe) clearInterval(this.#probe);
    this.#probe = null;
    for (const listener of this.#listeners) listener(true);
  }

  /** Maps the error (see {@link toStoreError}) and, when it says the database is away, starts probing. */
  #failed(error: unknown): unknown {
    const mapped = toStoreError(error);
    if (this.#closed || !this.#available || !(mapped instanceof AppError) || mapped.code !== 'unavailable' || mapped === error) return mapped;
    this.#available = false;
    for (const listener of this.#listeners) listener(false);
    this.#probe = setInterval(() => {
      this.pool.query('SELECT 1').then(() => this.#answered(), () => {});
    }, PROBE_INTERVAL_MS);
    this.#probe.unref();
    return mapped;
  }

  /**
   * Runs `work` in one transaction on one connection: BEGIN … COMMIT, rolled back if it throws. A deadlock
   * or serialization failure runs it again (at most {@link TRANSACTION_ATTEMPTS} times), so `work` must not
   * have effects outside the database. A connection lost before COMMIT was acknowledged leaves the outcome
   * unknown: that surfaces as `unavailable`, and idempotent callers retry.
   */
  async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    this.assertOpen();
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw this.#failed(error);
      }
      let broken = false;
      // A checked-out connection that dies between statements reports it as an 'error' event, not through a
      // query: without a listener that would crash the process. The next statement then fails, which we handle.
      const onError = () => (broken = true);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        this.#answered();
        return result;
      } catch (error) {
        broken = !(error instanceof AppError) && !(error instanceof pg.DatabaseError);
        if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
        const code = error instanceof pg.DatabaseError ? (error.code ?? '') : '';
        if (RETRYABLE.has(code) && attempt < TRANSACTION_ATTEMPTS) continue;
        throw this.#failed(error);
      } finally {
        client.off('error', onError);
        // A connection whose state is unknown (lost mid-transaction) is destroyed, never reused.
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#probe) clearInterval(this.#probe);
    this.#listeners.clear();
    await this.pool.end();
  }
}
