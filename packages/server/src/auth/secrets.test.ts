import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DamagedSecretError, JWT_SECRET_FILE, resolveJwtSecret } from './secrets.js';

describe('resolveJwtSecret', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a secret once (mode 0600, no temp file left) and returns the same one after', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-secret-'));
    const first = resolveJwtSecret(undefined, dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveJwtSecret(undefined, dir)).toBe(first);
    expect(statSync(join(dir, JWT_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([JWT_SECRET_FILE]);
  });

  it('refuses an empty or short secret file instead of signing with it', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-secret-'));
    for (const content of ['', '\n', 'short-secret\n']) {
      writeFileSync(join(dir, JWT_SECRET_FILE), content);
      expect(() => resolveJwtSecret(undefined, dir)).toThrow(DamagedSecretError);
    }
  });

  it('a configured secret wins and no file is written', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-secret-'));
    expect(resolveJwtSecret('x'.repeat(40), dir)).toBe('x'.repeat(40));
    expect(readdirSync(dir)).toEqual([]);
  });
});
