import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countEntries, countOpenDescriptors } from './open-descriptors.js';

describe('counting open descriptors', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function directoryOf(files: number): string {
    dir = mkdtempSync(join(tmpdir(), 'parley-entries-'));
    for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${i}`), '');
    return dir;
  }

  it('counts every entry of a directory, across batches', async () => {
    expect(await countEntries(directoryOf(1000), 64)).toBe(1000);
  });

  it('lets the event loop run between batches instead of listing the directory in one go', async () => {
    const path = directoryOf(1000);
    let turns = 0;
    let counting = true;
    const spin = () => {
      if (!counting) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const count = await countEntries(path, 100);
    counting = false;
    expect(count).toBe(1000);
    // Ten batches, each a trip to the thread pool: the event loop turned between them (readdirSync: zero turns).
    expect(turns).toBeGreaterThanOrEqual(9);
  });

  it('answers null for a directory that is not there', async () => {
    expect(await countEntries(join(tmpdir(), 'parley-no-such-dir-0f3a'))).toBeNull();
  });

  it.runIf(process.platform === 'linux')('sees descriptors this process opens', async () => {
    const before = (await countOpenDescriptors())!;
    const opened = Array.from({ length: 40 }, () => openSync('/dev/null', 'r'));
    try {
      expect(await countOpenDescriptors()).toBeGreaterThanOrEqual(before + 40);
    } finally {
      for (const fd of opened) closeSync(fd);
    }
  });
});
