import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, resolveConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000, host: '0.0.0.0', dataDir: './data', corsOrigins: [], rateLimitMessages: 10, handshakeRateLimit: 20,
      logLevel: 'info', commit: { mode: 'group', maxBatch: 256, delayMs: 0 }, sqliteThread: 'worker',
      customerMessagesPerMinute: 60, typingRateLimit: 5, packetRateLimit: 200, floodCooldownSeconds: 30, maxSocketsPerUser: 20,
      maxConnectionsPerIp: 500, firstRequestTimeoutMs: 10_000, refusalDelayMs: 1000, maxOpenQueries: 5, queriesPerHour: 20, queriesPerHourPerIp: 200,
      webhooks: { allowPrivateAddresses: false, timeoutMs: 10_000, retryHours: 24, concurrencyPerEndpoint: 4, retentionDays: 30 },
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '127.0.0.1', DATA_DIR: '/var/lib/parley', REDIS_URL: 'redis://localhost:6379', DATABASE_URL: 'postgres://db/parley',
      DATABASE_POOL_MAX: '25', TLS_CERT: '/etc/parley/cert.pem', TLS_KEY: '/etc/parley/key.pem', HEARTBEAT_MS: '1000',
      JWT_SECRET: 'x'.repeat(32), IDENTITY_SECRET: 'y'.repeat(16), ADMIN_EMAIL: 'boss@example.test', ADMIN_PASSWORD: 'long-enough',
      CORS_ORIGINS: 'https://a.example, https://b.example', RATE_LIMIT_MESSAGES: '0', HANDSHAKE_RATE_LIMIT: '50', LOG_LEVEL: 'warn',
      METRICS_TOKEN: 't', TRUST_PROXY: '10.0.0.0/8, loopback', COMMIT_MODE: 'single', SQLITE_THREAD: 'main', REDIS_PREFIX: 'acme', EVENT_RATE_LIMIT: '7', JOIN_RATE_LIMIT: '2',
      CUSTOMER_MESSAGES_PER_MINUTE: '30', TYPING_RATE_LIMIT: '3', PACKET_RATE_LIMIT: '0', FLOOD_COOLDOWN_SECONDS: '60', MAX_SOCKETS_PER_USER: '4',
      MAX_CONNECTIONS_PER_IP: '0', FIRST_REQUEST_TIMEOUT_MS: '5000', REFUSAL_DELAY_MS: '250', MAX_OPEN_QUERIES: '1', QUERIES_PER_HOUR: '9', QUERIES_PER_HOUR_PER_IP: '99',
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_RETRY_HOURS: '48', WEBHOOK_CONCURRENCY: '2', WEBHOOK_RETENTION_DAYS: '7',
    });
    expect(config).toMatchObject({
      port: 8080, dataDir: '/var/lib/parley', corsOrigins: ['https://a.example', 'https://b.example'], rateLimitMessages: 0,
      handshakeRateLimit: 50, logLevel: 'warn', trustProxy: ['10.0.0.0/8', 'loopback'], commit: { mode: 'single' }, sqliteThread: 'main', redisPrefix: 'acme', eventRateLimit: 7, joinRateLimit: 2,
      databaseUrl: 'postgres://db/parley', databasePoolMax: 25, tlsCert: '/etc/parley/cert.pem', tlsKey: '/etc/parley/key.pem', heartbeatMs: 1000,
      customerMessagesPerMinute: 30, typingRateLimit: 3, packetRateLimit: 0, floodCooldownSeconds: 60, maxSocketsPerUser: 4,
      maxConnectionsPerIp: 0, firstRequestTimeoutMs: 5000, refusalDelayMs: 250, maxOpenQueries: 1, queriesPerHour: 9, queriesPerHourPerIp: 99,
      webhooks: { allowPrivateAddresses: true, timeoutMs: 3000, retryHours: 48, concurrencyPerEndpoint: 2, retentionDays: 7 },
    });
  });

  it('refuses settings that would split a cluster or cannot work together, naming the variables', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
    };
    expect(problems({ REDIS_URL: 'redis://localhost:6379' })).toMatch(/REDIS_URL: is set without DATABASE_URL.*own SQLite file/);
    expect(problems({ REDIS_URL: 'redis://localhost:6379', DATABASE_URL: 'postgres://db/parley' })).toBe('');
    expect(problems({ TLS_CERT: '/etc/cert.pem' })).toMatch(/TLS_CERT, TLS_KEY: set both/);
    expect(problems({ SMTP_URL: 'smtps://u:p@smtp.example.test' })).toMatch(/SMTP_URL, PUBLIC_URL: .*set PUBLIC_URL/);
    expect(problems({ SMTP_URL: 'smtps://u:p@smtp.example.test', PUBLIC_URL: 'https://support.example.test/' })).toBe('');
    expect(loadConfig({ SMTP_URL: 'smtp://mail.test:25', PUBLIC_URL: 'https://support.example.test/', EMAIL_DELAY_SECONDS: '60' }).email).toEqual({
      smtpUrl: 'smtp://mail.test:25', publicUrl: 'https://support.example.test', from: defaultConfig.email.from, delaySeconds: 60, sweepMs: 30_000,
    });
  });

  it('names every bad variable and why', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty', RATE_LIMIT_MESSAGES: '-1', JWT_SECRET: 'short', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', ADMIN_EMAIL: 'nope',
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'yes',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'RATE_LIMIT_MESSAGES', 'JWT_SECRET', 'LOG_LEVEL', 'DATABASE_URL', 'ADMIN_EMAIL', 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES']) expect(problems).toContain(name);
  });

  it('resolveConfig fills a partial programmatic config and ignores undefined fields', () => {
    const config = resolveConfig({ dataDir: '/tmp/x', port: 0, logLevel: undefined, commit: { mode: 'single', maxBatch: 1, delayMs: 0 } });
    expect(config.logLevel).toBe(defaultConfig.logLevel);
    expect(config.port).toBe(0);
    expect(config.commit.mode).toBe('single');
    expect(resolveConfig({ dataDir: '/tmp/x', webhooks: { ...defaultConfig.webhooks, pollMs: 5 } }).webhooks).toEqual({ ...defaultConfig.webhooks, pollMs: 5 });
  });
});
