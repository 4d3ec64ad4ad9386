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
  /** PostgreSQL URL: when set, the PostgreSQL store (several nodes); unset = SQLite in dataDir. */
  databaseUrl?: string;
  /** Connections this node keeps to PostgreSQL at most. */
  databasePoolMax: number;
  /**
   * Redis URL: when set, nodes share broadcasts (the Redis streams adapter), presence, rate limits and
   * revocations through it. Requires databaseUrl (several nodes on one SQLite file each would split).
   */
  redisUrl?: string;
  /**
   * Prefix of every Redis key, stream and channel this deployment uses, so two
   * deployments (or test runs) on one Redis never see each other's events.
   */
  redisPrefix: string;
  /** HS256 key; unset = generated once and kept in DATA_DIR/jwt-secret. */
  jwtSecret?: string;
  /** HS256 key of the identities host sites sign for `POST /api/auth/customer`; unset = that route is off. */
  identitySecret?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Origins allowed by CORS (REST and Socket.IO); empty = same origin only; `*` = any. */
  corsOrigins: string[];
  /** message:send per second per user, across their sockets and the nodes (burst twice that); 0 = unlimited. */
  rateLimitMessages: number;
  /** Messages a customer may store per minute, across their sockets and queries; 0 = unlimited. */
  customerMessagesPerMinute: number;
  /** Messages the customers of one client address may store per minute, together; 0 = unlimited. */
  customerMessagesPerMinutePerIp: number;
  /** `typing` relays per second per user (after coalescing repeats; burst twice that); 0 = unlimited. */
  typingRateLimit: number;
  /**
   * Socket.IO packets per second per connection (burst twice that), counted before they are decoded. A connection
   * over it is cut, and its address and user wait `floodCooldownSeconds` before connecting again; 0 = unlimited.
   */
  packetRateLimit: number;
  /** How long a cut flooder's address and user are refused handshakes (rate_limited, with retryAfterMs). */
  floodCooldownSeconds: number;
  /** Sockets one user may hold open on one node; 0 = unlimited. */
  maxSocketsPerUser: number;
  /** Connections (HTTP and Socket.IO) one client address may hold open on one node; 0 = unlimited. */
  maxConnectionsPerIp: number;
  /** How long a new connection may stay silent before its first complete request (then it is closed). */
  firstRequestTimeoutMs: number;
  /**
   * How long a REST request refused `rate_limited` waits before its answer (a tarpit: a client that keeps going
   * over its limit is slowed to a few requests a second per connection); 0 = answer at once.
   */
  refusalDelayMs: number;
  /** Queries a customer may have open or pending at once; 0 = unlimited. */
  maxOpenQueries: number;
  /** Queries a customer may open per hour; 0 = unlimited. */
  queriesPerHour: number;
  /** Queries one client address may open per hour, whoever signs in from it; 0 = unlimited. */
  queriesPerHourPerIp: number;
  /** Socket.IO handshakes per second per IP (burst twice that); 0 = unlimited. */
  handshakeRateLimit: number;
  /** Socket events of any kind per second per connection (burst twice that); 0 = unlimited. */
  eventRateLimit: number;
  /** query:join per second per connection (burst twice that): each can read up to 1,000 rows; 0 = unlimited. */
  joinRateLimit: number;
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
  /** Built chat widget (served at /widget.js); default apps/widget/dist/widget.js. */
  widgetScript?: string;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /**
   * Proxies (addresses, CIDRs, or `loopback`/`linklocal`/`uniquelocal`) whose
   * X-Forwarded-For hop is believed when finding a client's IP; empty = the
   * socket's peer is the client.
   */
  trustProxy: string[];
  /**
   * Socket.IO connection state recovery window; 0 = off (the default). Correctness never
   * depends on it; see realtime/session-recovery.ts for what it trusts when on.
   */
  recoveryWindowMs: number;
  /** How long close() waits for in-flight work before closing anyway. */
  shutdownTimeoutMs: number;
  commit: CommitConfig;
  /**
   * Where the embedded store (SQLite) runs: `worker`, a thread of its own, so no statement or fsync blocks the
   * event loop; `main`, on the event loop (as before; for comparison in bench/). Ignored with DATABASE_URL.
   */
  sqliteThread: 'worker' | 'main';
  /** PEM certificate chain and key files: when both are set the node serves HTTPS and WSS itself. */
  tlsCert?: string;
  tlsKey?: string;
  /**
   * With Redis: how often this node tells the others it is alive. A node silent for three beats is declared
   * dead by the others, and its agents go offline.
   */
  heartbeatMs: number;
  /** Webhook deliveries (webhooks/): how they are sent and retried. */
  webhooks: WebhookConfig;
  /** Emails to customers who have not read a reply (email/). */
  email: EmailConfig;
}

export interface EmailConfig {
  /** SMTP server, e.g. `smtps://user:password@smtp.example.com`; unset = no email is sent (the console says so). */
  smtpUrl?: string;
  /** The From header of every email. */
  from: string;
  /** Where customers open the app (links in emails), e.g. `https://support.example.com`. Required with smtpUrl. */
  publicUrl?: string;
  /** How long replies must go unread (and no newer reply come) before the customer is emailed. */
  delaySeconds: number;
  /** How often one node of the cluster looks for replies to email about. */
  sweepMs: number;
}

export interface WebhookConfig {
  /**
   * Deliver to loopback, private and link-local addresses too. Off by default: an admin's URL must not reach
   * the servers around Parley (SSRF). Turn on for a receiver on the same host or network.
   */
  allowPrivateAddresses: boolean;
  /** How long one attempt may take, connection to last byte. */
  timeoutMs: number;
  /** How long a delivery is retried after its event before it is marked failed. */
  retryHours: number;
  /** Delay before the first retry; each next one doubles, up to an hour (webhooks/retry-schedule.ts). */
  firstRetryMs: number;
  /** Attempts in flight per endpoint at most, across every node. */
  concurrencyPerEndpoint: number;
  /** How often each node looks for due deliveries (also woken at once by its own events). */
  pollMs: number;
  /** Finished deliveries older than this are deleted. */
  retentionDays: number;
}

/** Defaults for everything but dataDir. */
export const defaultConfig: Omit<ServerConfig, 'dataDir'> = {
  port: 3000,
  host: '0.0.0.0',
  redisPrefix: 'parley',
  corsOrigins: [],
  rateLimitMessages: 10,
  customerMessagesPerMinute: 60,
  customerMessagesPerMinutePerIp: 600,
  typingRateLimit: 5,
  packetRateLimit: 200,
  floodCooldownSeconds: 30,
  maxSocketsPerUser: 20,
  maxConnectionsPerIp: 500,
  firstRequestTimeoutMs: 10_000,
  refusalDelayMs: 1000,
  maxOpenQueries: 5,
  queriesPerHour: 20,
  queriesPerHourPerIp: 200,
  handshakeRateLimit: 20,
  eventRateLimit: 50,
  joinRateLimit: 5,
  restRateLimit: 1200,
  authRateLimit: 60,
  logLevel: 'info',
  trustProxy: [],
  recoveryWindowMs: 0,
  shutdownTimeoutMs: 10_000,
  commit: { mode: 'group', maxBatch: 256, delayMs: 0 },
  sqliteThread: 'worker',
  email: { from: 'Parley <no-reply@localhost>', delaySeconds: 300, sweepMs: 30_000 },
  webhooks: { allowPrivateAddresses: false, timeoutMs: 10_000, retryHours: 24, firstRetryMs: 10_000, concurrencyPerEndpoint: 4, pollMs: 1000, retentionDays: 30 },
  databasePoolMax: 10,
  heartbeatMs: 5_000,
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
  REDIS_PREFIX: optionalText
    .transform((v) => v ?? defaultConfig.redisPrefix)
    .pipe(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits, _ . : or -')),
  JWT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  IDENTITY_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 8, 'must be at least 8 characters'),
  CORS_ORIGINS: optionalText.transform((v) =>
    v === undefined ? [] : v.split(',').map((o) => o.trim()).filter((o) => o !== ''),
  ),
  RATE_LIMIT_MESSAGES: intVar(defaultConfig.rateLimitMessages, 0, 1_000_000),
  CUSTOMER_MESSAGES_PER_MINUTE: intVar(defaultConfig.customerMessagesPerMinute, 0, 10_000_000),
  CUSTOMER_MESSAGES_PER_MINUTE_PER_IP: intVar(defaultConfig.customerMessagesPerMinutePerIp, 0, 10_000_000),
  TYPING_RATE_LIMIT: intVar(defaultConfig.typingRateLimit, 0, 1_000_000),
  PACKET_RATE_LIMIT: intVar(defaultConfig.packetRateLimit, 0, 10_000_000),
  FLOOD_COOLDOWN_SECONDS: intVar(defaultConfig.floodCooldownSeconds, 1, 86_400),
  MAX_SOCKETS_PER_USER: intVar(defaultConfig.maxSocketsPerUser, 0, 1_000_000),
  MAX_CONNECTIONS_PER_IP: intVar(defaultConfig.maxConnectionsPerIp, 0, 10_000_000),
  FIRST_REQUEST_TIMEOUT_MS: intVar(defaultConfig.firstRequestTimeoutMs, 100, 600_000),
  REFUSAL_DELAY_MS: intVar(defaultConfig.refusalDelayMs, 0, 60_000),
  MAX_OPEN_QUERIES: intVar(defaultConfig.maxOpenQueries, 0, 1_000_000),
  QUERIES_PER_HOUR: intVar(defaultConfig.queriesPerHour, 0, 10_000_000),
  QUERIES_PER_HOUR_PER_IP: intVar(defaultConfig.queriesPerHourPerIp, 0, 10_000_000),
  HANDSHAKE_RATE_LIMIT: intVar(defaultConfig.handshakeRateLimit, 0, 1_000_000),
  EVENT_RATE_LIMIT: intVar(defaultConfig.eventRateLimit, 0, 1_000_000),
  JOIN_RATE_LIMIT: intVar(defaultConfig.joinRateLimit, 0, 1_000_000),
  REST_RATE_LIMIT: intVar(defaultConfig.restRateLimit, 0, 10_000_000),
  AUTH_RATE_LIMIT: intVar(defaultConfig.authRateLimit, 0, 10_000_000),
  LOG_LEVEL: optionalText
    .transform((v) => v ?? defaultConfig.logLevel)
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  ADMIN_DIST: optionalText,
  WIDGET_SCRIPT: optionalText,
  CUSTOMER_DIST: optionalText,
  METRICS_TOKEN: optionalText,
  TRUST_PROXY: optionalText.transform((v, ctx) => {
    if (v === undefined || /^(0|false|no)$/i.test(v)) return [];
    if (/^(1|true|yes)$/i.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message: 'trusting every hop would let clients choose their own IP: list the proxies instead (addresses, CIDRs, or loopback/linklocal/uniquelocal)',
      });
      return z.NEVER;
    }
    const list = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
    const bad = list.filter((x) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(x));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not an address, CIDR or loopback/linklocal/uniquelocal: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return list;
  }),
  RECOVERY_WINDOW_MS: intVar(defaultConfig.recoveryWindowMs, 0, 3_600_000),
  SHUTDOWN_TIMEOUT_MS: intVar(defaultConfig.shutdownTimeoutMs, 100, 600_000),
  COMMIT_MODE: optionalText.transform((v) => v ?? 'group').pipe(z.enum(['group', 'single'])),
  COMMIT_MAX_BATCH: intVar(defaultConfig.commit.maxBatch, 1, 100_000),
  COMMIT_DELAY_MS: intVar(defaultConfig.commit.delayMs, 0, 1000),
  SMTP_URL: urlVar(['smtp:', 'smtps:']),
  EMAIL_FROM: optionalText.transform((v) => v ?? defaultConfig.email.from),
  PUBLIC_URL: urlVar(['http:', 'https:']),
  EMAIL_DELAY_SECONDS: intVar(defaultConfig.email.delaySeconds, 0, 7 * 86_400),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: optionalText.transform((v) => v ?? 'false').pipe(z.enum(['true', 'false'])),
  WEBHOOK_TIMEOUT_MS: intVar(defaultConfig.webhooks.timeoutMs, 100, 120_000),
  WEBHOOK_RETRY_HOURS: intVar(defaultConfig.webhooks.retryHours, 1, 24 * 30),
  WEBHOOK_CONCURRENCY: intVar(defaultConfig.webhooks.concurrencyPerEndpoint, 1, 100),
  WEBHOOK_RETENTION_DAYS: intVar(defaultConfig.webhooks.retentionDays, 1, 3650),
  SQLITE_THREAD: optionalText.transform((v) => v ?? defaultConfig.sqliteThread).pipe(z.enum(['worker', 'main'])),
  DATABASE_POOL_MAX: intVar(defaultConfig.databasePoolMax, 2, 1000),
  TLS_CERT: optionalText,
  TLS_KEY: optionalText,
  HEARTBEAT_MS: intVar(defaultConfig.heartbeatMs, 100, 60_000),
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
  const config: ServerConfig = {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET,
    identitySecret: e.IDENTITY_SECRET,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    corsOrigins: e.CORS_ORIGINS,
    rateLimitMessages: e.RATE_LIMIT_MESSAGES,
    customerMessagesPerMinute: e.CUSTOMER_MESSAGES_PER_MINUTE,
    customerMessagesPerMinutePerIp: e.CUSTOMER_MESSAGES_PER_MINUTE_PER_IP,
    typingRateLimit: e.TYPING_RATE_LIMIT,
    packetRateLimit: e.PACKET_RATE_LIMIT,
    floodCooldownSeconds: e.FLOOD_COOLDOWN_SECONDS,
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    firstRequestTimeoutMs: e.FIRST_REQUEST_TIMEOUT_MS,
    refusalDelayMs: e.REFUSAL_DELAY_MS,
    maxOpenQueries: e.MAX_OPEN_QUERIES,
    queriesPerHour: e.QUERIES_PER_HOUR,
    queriesPerHourPerIp: e.QUERIES_PER_HOUR_PER_IP,
    handshakeRateLimit: e.HANDSHAKE_RATE_LIMIT,
    eventRateLimit: e.EVENT_RATE_LIMIT,
    joinRateLimit: e.JOIN_RATE_LIMIT,
    restRateLimit: e.REST_RATE_LIMIT,
    authRateLimit: e.AUTH_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    adminDist: e.ADMIN_DIST,
    widgetScript: e.WIDGET_SCRIPT,
    customerDist: e.CUSTOMER_DIST,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    recoveryWindowMs: e.RECOVERY_WINDOW_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    commit: { mode: e.COMMIT_MODE, maxBatch: e.COMMIT_MAX_BATCH, delayMs: e.COMMIT_DELAY_MS },
    sqliteThread: e.SQLITE_THREAD,
    email: {
      ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
      from: e.EMAIL_FROM,
      ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') } : {}),
      delaySeconds: e.EMAIL_DELAY_SECONDS,
      sweepMs: defaultConfig.email.sweepMs,
    },
    webhooks: {
      allowPrivateAddresses: e.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true',
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryHours: e.WEBHOOK_RETRY_HOURS,
      firstRetryMs: defaultConfig.webhooks.firstRetryMs,
      concurrencyPerEndpoint: e.WEBHOOK_CONCURRENCY,
      pollMs: defaultConfig.webhooks.pollMs,
      retentionDays: e.WEBHOOK_RETENTION_DAYS,
    },
    databasePoolMax: e.DATABASE_POOL_MAX,
    tlsCert: e.TLS_CERT,
    tlsKey: e.TLS_KEY,
    heartbeatMs: e.HEARTBEAT_MS,
  };
  const problems = clusterProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Settings that would let a cluster split silently, or that cannot work together: one line each, naming the
 * variables. Checked by loadConfig and again by startServer (which programmatic callers reach directly).
 */
export function clusterProblems(
  config: Pick<ServerConfig, 'databaseUrl' | 'redisUrl' | 'tlsCert' | 'tlsKey' | 'jwtSecret' | 'identitySecret'> & {
    email?: Pick<EmailConfig, 'smtpUrl' | 'publicUrl'>;
  },
): string[] {
  const problems: string[] = [];
  if (config.email?.smtpUrl && !config.email.publicUrl) {
    problems.push('SMTP_URL, PUBLIC_URL: emails link back to the conversation; set PUBLIC_URL to where customers open the app.');
  }
  if (config.redisUrl && !config.databaseUrl) {
    problems.push(
      'REDIS_URL: is set without DATABASE_URL. Several nodes sharing Redis would each keep their own SQLite file and see ' +
        'different conversations. Set DATABASE_URL (PostgreSQL) to run several nodes, or unset REDIS_URL to run one.',
    );
  }
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    problems.push('TLS_CERT, TLS_KEY: set both (the certificate chain and its private key, PEM files) to serve HTTPS, or neither.');
  }
  if (config.identitySecret !== undefined && config.identitySecret === config.jwtSecret) {
    problems.push(
      'IDENTITY_SECRET, JWT_SECRET: must differ. Host sites hold IDENTITY_SECRET to sign identities; with the same key they ' +
        'could sign Parley tokens (agents and admins included).',
    );
  }
  return problems;
}

/** Fills a partial programmatic configuration with the defaults. */
export function resolveConfig(options: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return {
    ...defaultConfig,
    ...defined,
    commit: { ...defaultConfig.commit, ...options.commit },
    webhooks: { ...defaultConfig.webhooks, ...options.webhooks },
    email: { ...defaultConfig.email, ...options.email },
  } as ServerConfig;
}
