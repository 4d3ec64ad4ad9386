/**
 * Counts the process's open file descriptors without holding the event loop.
 *
 * prom-client's default `process_open_fds` lists `/proc/self/fd` with
 * `readdirSync` on every scrape, and a server holds a descriptor per
 * connection: with 10,000 sockets that held the event loop for about 16 ms a
 * scrape, and every message in flight waited (docs/operations.md, "Metrics").
 * Here the directory is read in small batches through libuv's thread pool;
 * the event loop serves sockets between batches.
 */
import { opendir } from 'node:fs/promises';

/** Where Linux lists the calling process's descriptors. */
export const DESCRIPTOR_DIR = '/proc/self/fd';

/** Entries read per batch: each batch is one trip to the thread pool and a few dozen µs on the event loop. */
const BATCH = 256;

/** Entries of `dir`, read `batch` at a time; null when it cannot be opened. */
export async function countEntries(dir: string, batch: number = BATCH): Promise<number | null> {
  let handle;
  try {
    handle = await opendir(dir, { bufferSize: batch });
  } catch {
    return null;
  }
  let count = 0;
  // The async iterator closes the directory when the loop ends, also on an error.
  for await (const _ of handle) count++;
  return count;
}

/** Open descriptors, not counting the one used to read them; null where there is no `/proc/self/fd` (not Linux). */
export async function countOpenDescriptors(): Promise<number | null> {
  const entries = await countEntries(DESCRIPTOR_DIR);
  return entries === null ? null : Math.max(0, entries - 1);
}
