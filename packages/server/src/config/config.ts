/**
 * Server configuration: one typed object, read from the environment by
 * {@link loadConfig} (for `main.ts`) or given directly to `startServer` (tests,
 * benchmarks, embedding). Every field has a default except `dataDir` when
 * called programmatically.
 */
import { z } from 'zod';

/** How the embedded store turns message appends into commits. */
export interface CommitConfig {
  /**
   * `group`: appends queue up and are committed together (one fsync per batch);
   * `single`: one transaction per message (for the benchmark's comparison).
   */
  mode: 'group' | 'single';
  /** Largest batch; a full batch is flushed at once. */
  maxBatch: number;
  /** 0 = flush on the next turn of the event loop (setImmediate); otherwise wait this long. */
  delayMs: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** Where SQLite, the generated JWT secret and (later) uploads live. */
  dataDir: string;
  /** PostgreSQL URL. Not supported in this version: startServer refuses it. */
  databaseUrl?: string;
  /** Redis URL: when set, Socket.IO uses the Redis streams adapter (several nodes). */
  redisUrl?: string;
  /** HS256 key; unset = generated once and kept in DATA_DIR/jwt-secret. */
  jwtSecret?: string;
  /** Key of the HMAC-SHA256 signatures of `POST /api/auth/customer`; unset = that route is off. */
  identitySecret?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Origins allowed by CORS (REST and Socket.IO); empty = same origin only; `*` = any. */
  corsOrigins: string[];
  /** message:send per second per connection (burst twice that); 0 = unlimited. */
  rateLimitMessages: number;
  /** Socket.IO handshakes per second per IP (burst twice that); 0 = unlimited. */
  handshakeRateLimit: number;
  /** REST requests per minute per IP; 0 = unlimited. */
  restRateLimit: number;
  /** Requests per minute per IP on /api/auth/*; 0 = unlimited. */
  authRateLimit: number;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Built admin console (served at /admin/); default apps/admin/dist/browser. */
  adminDist?: string;
  /** Built customer app (served at /); default apps/customer/dist/browser. */
  customerDist?: string;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Trust X-Forwarded-For (behind a load balancer) for client IPs. */
  trustProxy: boolean;
  /** Socket.IO connection state recovery window; 0 = off. Correctness never depends on it. */
  recoveryWindowMs: number;
  /** How long close() waits for in-flight work before closing anyway. */
  shutdownTimeoutMs: number;
  commit: CommitConfig;
}

/** Defaults for everything but dataDir. */
export const defaultConfig: Omit<ServerConfig, 'dataDir'> = {
  port: 3000,
  host: '0.0.0.0',
  corsOrigins: [],
  rateLimitMessages: 10,
  handshakeRateLimit: 20,
  restRateLimit: 1200,
  authRateLimit: 60,
  logLevel: 'info',
  trustProxy: false,
  recoveryWindowMs: 30_000,
  shutdownTimeoutMs: 10_000,
  commit: { mode: 'group', maxBatch: 256, delayMs: 0 },
};

/** Thrown by {@link loadConfig}: one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const intVar = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
const boolVar = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      if (/^(1|true|yes)$/i.test(v)) return true;
      if (/^(0|false|no)$/i.test(v)) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false, got "${v}"` });
      return z.NEVER;
    });
const urlVar = (protocols: string[]) =>
  optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && protocols.includes(new URL(v).protocol)),
    `must be a URL starting with ${protocols.join(' or ')}`,
  );

const envSchema = z.object({
  PORT: intVar(defaultConfig.port, 0, 65535),
  HOST: optionalText.transform((v) => v ?? defaultConfig.host),
  DATA_DIR: optionalText.transform((v) => v ?? './data'),
  DATABASE_URL: urlVar(['postgres:', 'postgresql:']),
  REDIS_URL: urlVar(['redis:', 'rediss:']),
  JWT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  IDENTITY_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 8, 'must be at least 8 characters'),
  CORS_ORIGINS: optionalText.transform((v) =>
    v === undefined ? [] : v.split(',').map((o) => o.trim()).filter((o) => o !== ''),
  ),
  RATE_LIMIT_MESSAGES: intVar(defaultConfig.rateLimitMessages, 0, 1_000_000),
  HANDSHAKE_RATE_LIMIT: intVar(defaultConfig.handshakeRateLimit, 0, 1_000_000),
  REST_RATE_LIMIT: intVar(defaultConfig.restRateLimit, 0, 10_000_000),
  AUTH_RATE_LIMIT: intVar(defaultConfig.authRateLimit, 0, 10_000_000),
  LOG_LEVEL: optionalText
    .transform((v) => v ?? defaultConfig.logLevel)
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  ADMIN_DIST: optionalText,
  CUSTOMER_DIST: optionalText,
  METRICS_TOKEN: optionalText,
  TRUST_PROXY: boolVar(defaultConfig.trustProxy),
  RECOVERY_WINDOW_MS: intVar(defaultConfig.recoveryWindowMs, 0, 3_600_000),
  SHUTDOWN_TIMEOUT_MS: intVar(defaultConfig.shutdownTimeoutMs, 100, 600_000),
  COMMIT_MODE: optionalText.transform((v) => v ?? 'group').pipe(z.enum(['group', 'single'])),
  COMMIT_MAX_BATCH: intVar(defaultConfig.commit.maxBatch, 1, 100_000),
  COMMIT_DELAY_MS: intVar(defaultConfig.commit.delayMs, 0, 1000),
});

/**
 * Reads the configuration from environment variables (see README for the table).
 * @throws {ConfigError} naming every variable that is wrong and why.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    identitySecret: e.IDENTITY_SECRET,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    corsOrigins: e.CORS_ORIGINS,
    rateLimitMessages: e.RATE_LIMIT_MESSAGES,
    handshakeRateLimit: e.HANDSHAKE_RATE_LIMIT,
    restRateLimit: e.REST_RATE_LIMIT,
    authRateLimit: e.AUTH_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    adminDist: e.ADMIN_DIST,
    customerDist: e.CUSTOMER_DIST,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    recoveryWindowMs: e.RECOVERY_WINDOW_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    commit: { mode: e.COMMIT_MODE, maxBatch: e.COMMIT_MAX_BATCH, delayMs: e.COMMIT_DELAY_MS },
  };
}

/** Fills a partial programmatic configuration with the defaults. */
export function resolveConfig(options: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return {
    ...defaultConfig,
    ...defined,
    commit: { ...defaultConfig.commit, ...options.commit },
  } as ServerConfig;
}
