/**
 * A node's spool for uploads being received: each upload is streamed to a
 * temporary file of its own, so its bytes can be sniffed and measured before
 * anything is kept, and a half-received or refused upload never looks like a
 * stored one. The store then keeps it (store/…/…-attachments.ts) or it is
 * discarded. The spool is local to the node; only a finished upload reaches
 * shared storage.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Names of uploads still being received (or left by a crash mid-upload). */
export const SPOOL_PREFIX = '.upload-';

export interface ReceivedFile {
  /** The temporary file holding the bytes. */
  path: string;
  size: number;
}

export class UploadSpool {
  /** `dir` is created (0700) on first use. */
  constructor(readonly dir: string) {}

  /** Streams an upload to a temporary file; removes it again if the stream fails (e.g. over the size limit). */
  async receive(stream: Readable): Promise<ReceivedFile> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${SPOOL_PREFIX}${randomUUID()}`);
    try {
      await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
      return { path, size: (await stat(path)).size };
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  async discard(received: ReceivedFile): Promise<void> {
    await rm(received.path, { force: true });
  }

  /**
   * Deletes half-received uploads a crash left in the spool. Only safe before this node accepts uploads.
   * @returns how many were deleted
   */
  async sweep(): Promise<number> {
    const names = await this.list();
    const stale = names.filter((name) => name.startsWith(SPOOL_PREFIX));
    await Promise.all(stale.map((name) => rm(join(this.dir, name), { force: true })));
    return stale.length;
  }

  /** Every file name in the spool's folder ([] when it does not exist yet). */
  async list(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
