/**
 * @parley/server — start a Parley node in-process (tests, benchmarks,
 * embedding) or through `main.ts` (the `parley-server` command).
 */
export { loadConfig, resolveConfig, defaultConfig, ConfigError } from './config/config.js';
export type { ServerConfig, CommitConfig } from './config/config.js';
export { startServer } from './lifecycle/start-server.js';
export type { ParleyServer } from './lifecycle/start-server.js';
export type { Store, CommitStats, NewMessage, AppendResult } from './store/store.js';
export { SqliteStore, DATABASE_FILE } from './store/sqlite/sqlite-store.js';
export { StoreOpenError } from './store/store-open-error.js';
export { PostgresStore } from './store/postgres/postgres-store.js';
export { signIdentityToken, MAX_IDENTITY_LIFETIME_SECONDS } from './auth/identity.js';
export { verifyWebhookSignature, signWebhook } from './webhooks/webhook-signature.js';
