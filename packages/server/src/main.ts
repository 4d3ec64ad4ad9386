#!/usr/bin/env node
/**
 * `node dist/main.js`: configuration from the environment, then one Parley
 * node until SIGTERM/SIGINT, which shut it down gracefully (exit 0).
 */
import { ConfigError, loadConfig } from './config/config.js';
import { startServer } from './lifecycle/start-server.js';
import { DamagedSecretError } from './auth/secrets.js';
import { RedisUnreachableError } from './cluster/redis-link.js';
import { SplitSecretError } from './cluster/shared-secrets-check.js';
import { StoreOpenError } from './store/store-open-error.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await startServer(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A hung shutdown must not keep the process forever: exit non-zero after the grace period.
    setTimeout(() => {
      process.stderr.write(`Parley: shutdown after ${signal} took too long, exiting\n`);
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Parley: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Problems of the deployment, not bugs: the message alone says what to fix.
  const deployment = [ConfigError, StoreOpenError, DamagedSecretError, RedisUnreachableError, SplitSecretError];
  if (deployment.some((kind) => error instanceof kind)) {
    process.stderr.write(`Parley: ${(error as Error).message}\n`);
  } else {
    process.stderr.write(`Parley failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
