import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { SqliteThreadStore } from './sqlite/sqlite-thread-store.js';
import { StoreOpenError } from './store-open-error.js';
import type { Store } from './store.js';

/**
 * Chooses the store at start: DATABASE_URL → PostgreSQL (connected and migrated before this resolves),
 * else SQLite in DATA_DIR (in a worker thread unless SQLITE_THREAD=main). Nothing after this knows which.
 */
export async function createStore(config: ServerConfig, onBatch: (size: number) => void, log: Pick<Logger, 'warn' | 'error'>): Promise<Store> {
  if (config.databaseUrl) {
    try {
      return await PostgresStore.open({
        url: config.databaseUrl,
        poolMax: config.databasePoolMax,
        dataDir: config.dataDir,
        commit: config.commit,
        onBatch,
        log,
      });
    } catch (error) {
      throw new StoreOpenError(`PostgreSQL at ${redactedUrl(config.databaseUrl)}`, error);
    }
  }
  try {
    if (config.sqliteThread === 'worker') return await SqliteThreadStore.open({ dataDir: config.dataDir, commit: config.commit, onBatch, log });
    return new SqliteStore({
      dataDir: config.dataDir,
      commit: config.commit,
      onBatch,
      checkpoints: 'thread',
      warn: (object, message) => log.warn(object, message),
    });
  } catch (error) {
    throw new StoreOpenError(`SQLite in ${config.dataDir}`, error);
  }
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
