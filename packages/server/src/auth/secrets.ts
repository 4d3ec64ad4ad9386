import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** File in DATA_DIR holding the generated JWT secret. */
export const JWT_SECRET_FILE = 'jwt-secret';

/** Shortest secret we accept (the same rule as JWT_SECRET). */
export const MIN_SECRET_LENGTH = 32;

/** The secret file exists but cannot be used: refusing beats signing with a weak or empty key. */
export class DamagedSecretError extends Error {
  constructor(path: string, reason: string) {
    super(`${path} ${reason}: restore it from a backup, or delete it to generate a new one (every issued token then stops working)`);
    this.name = 'DamagedSecretError';
  }
}

/**
 * The configured JWT secret, or the one generated on a first start and kept in
 * DATA_DIR (mode 0600), so tokens survive restarts without configuration.
 * A file that exists but holds fewer than 32 characters is refused.
 * @throws {DamagedSecretError}
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, JWT_SECRET_FILE);
  const existing = readSecret(path);
  if (existing !== null) return existing;
  const secret = randomBytes(48).toString('base64url');
  // Written whole to a temp file and fsynced, then linked into place: a crash leaves no half-written
  // secret, and link (unlike rename) fails if another process won the race — then we read theirs.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${secret}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    syncDir(dataDir);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSecret(path) ?? secret;
  } finally {
    unlinkSync(temp);
  }
}

function readSecret(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length === 0) throw new DamagedSecretError(path, 'is empty');
  if (secret.length < MIN_SECRET_LENGTH) throw new DamagedSecretError(path, `holds fewer than ${MIN_SECRET_LENGTH} characters`);
  return secret;
}

/** Makes the new directory entry durable too (best effort where directories cannot be opened). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported on every platform; the file itself is already fsynced.
  }
}
