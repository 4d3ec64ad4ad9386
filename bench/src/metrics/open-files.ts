import { readFileSync } from 'node:fs';

/**
 * This process's open-file limit (soft), from /proc/self/limits; child
 * servers inherit it. Infinity when it cannot be read.
 */
export function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.trim().split(/\s+/)[3];
    return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return Infinity;
  }
}

/** File descriptors kept free for everything that is not a bench connection (REST, /proc, SQLite, logs). */
export const SPARE_FILES = 500;
