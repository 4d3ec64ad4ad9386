/**
 * The files themselves, under DATA_DIR/attachments: written to a temporary
 * name while uploading, then renamed to a random name once accepted, so a
 * half-received or refused upload never looks like a stored one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ReceivedFile {
  path: string;
  size: number;
}

export class AttachmentFiles {
  constructor(private readonly dir: string) {}

  /** Streams an upload to a temporary file; removes it again if the stream fails (e.g. over the size limit). */
  async receive(stream: Readable): Promise<ReceivedFile> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `.upload-${randomUUID()}`);
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
    // Storage names are ours (hex), never user input: no path can escape the folder.
    if (!/^[0-9a-f]{32}$/.test(storageName)) throw new Error(`bad storage name ${storageName}`);
    return createReadStream(join(this.dir, storageName));
  }
}
