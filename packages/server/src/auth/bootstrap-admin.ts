import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { hashPassword } from './passwords.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@parley.local';

/**
 * On a store without any agent, creates the first admin: ADMIN_EMAIL +
 * ADMIN_PASSWORD when given (either one alone: the other is defaulted —
 * admin@parley.local, or a generated password), else admin@parley.local with a random initial
 * password printed once (to stdout and the log) — the only time it is shown.
 */
export async function bootstrapAdmin(
  store: Store,
  config: { adminEmail?: string; adminPassword?: string },
  log: Logger,
): Promise<void> {
  if ((await store.countAgents()) > 0) return;
  const email = config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
  const generated = config.adminPassword === undefined;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await store.createAgent({
      id: randomUUID(),
      email,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
      createdAt: new Date().toISOString(),
    });
  } catch (error) {
    // Several nodes started together on an empty database: one of them created the admin first, and only its
    // password (if generated) is valid — this node prints nothing.
    if (error instanceof AppError && error.code === 'conflict') {
      log.info({ email }, 'the first admin was created by another node');
      return;
    }
    throw error;
  }
  if (generated) {
    const line = `Parley: created the first admin ${email} with initial password ${password} (shown only now; it stays valid until you change it).`;
    process.stdout.write(`${line}\n`);
    log.warn({ email }, 'created the first admin with a generated password (printed once on stdout)');
  } else {
    log.info({ email }, 'created the first admin from ADMIN_EMAIL');
  }
}
