import type { ServerConfig } from '../config/config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Thrown at start when the configuration asks for a store this version does not have. */
export class UnsupportedStoreError extends Error {
  override name = 'UnsupportedStoreError';
}

/** Chooses the store at start: DATABASE_URL → PostgreSQL (not in this version), else SQLite in DATA_DIR. */
export function createStore(config: ServerConfig, onBatch: (size: number) => void): Store {
  if (config.databaseUrl) {
    throw new UnsupportedStoreError(
      'DATABASE_URL is set, but the PostgreSQL store is not available in this version of Parley. ' +
        'Unset DATABASE_URL to use the embedded SQLite store in DATA_DIR.',
    );
  }
  return new SqliteStore({ dataDir: config.dataDir, commit: config.commit, onBatch });
}
