/**
 * The files themselves, under DATA_DIR/attachments: written to a temporary
 * name while uploading, then renamed to a random name once accepted, so a
 * half-received or refused upload never looks like a stored one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Names of uploads still being received (or left by a crash mid-upload). */
const TEMP_PREFIX = '.upload-';
/** A kept file's name: 16 random bytes in hex. */
const STORAGE_NAME = /^[0-9a-f]{32}$/;

export interface ReceivedFile {
  path: string;
  size: number;
}

export class AttachmentFiles {
  constructor(private readonly dir: string) {}

  /** Streams an upload to a temporary file; removes it again if the stream fails (e.g. over the size limit). */
  async receive(stream: Readable): Promise<ReceivedFile> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
      return { path, size: (await stat(path)).size };
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /** Moves an accepted upload to its permanent random name and returns that name. */
  async keep(received: ReceivedFile): Promise<string> {
    const storageName = randomBytes(16).toString('hex');
    await rename(received.path, join(this.dir, storageName));
    return storageName;
  }

  async discard(received: ReceivedFile): Promise<void> {
    await rm(received.path, { force: true });
  }

  open(storageName: string): ReadStream {
    return createReadStream(this.#path(storageName));
  }

  /** Deletes a kept file (gone already is fine). */
  async remove(storageName: string): Promise<void> {
    await rm(this.#path(storageName), { force: true });
  }

  /**
   * Deletes what a crash left behind: half-received uploads, and kept files
   * no row names (the process died between the rename and the insert). Only
   * safe before the server accepts uploads, so it runs at start.
   * @returns how many files were deleted
   */
  async sweepLeftovers(known: ReadonlySet<string>): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const stale = names.filter((name) => name.startsWith(TEMP_PREFIX) || (STORAGE_NAME.test(name) && !known.has(name)));
    await Promise.all(stale.map((name) => rm(join(this.dir, name), { force: true })));
    return stale.length;
  }

  #path(storageName: string): string {
    // Storage names are ours (hex), never user input: no path can escape the folder.
    if (!STORAGE_NAME.test(storageName)) throw new Error(`bad storage name ${storageName}`);
    return join(this.dir, storageName);
  }
}
