import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Query, UserRef } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueryService } from '../queries/query-service.js';
import { QUERY_ATTACHMENT_QUOTA_BYTES } from './attachment-rules.js';
import { AttachmentService } from './attachment-service.js';
import type { AttachmentRecord, AttachmentStore, NewAttachment } from './attachment-store.js';
import { UploadSpool } from './upload-spool.js';

const customer: UserRef = { id: 'c1', role: 'customer', name: 'Ada' };
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** A store holding `held` bytes for the query already, spooling into `dir`. */
function storeHolding(held: number, dir: string): AttachmentStore & { created: NewAttachment[] } {
  const created: NewAttachment[] = [];
  const spool = new UploadSpool(dir);
  return {
    created,
    receive: (stream) => spool.receive(stream),
    discard: (received) => spool.discard(received),
    async create(a, received) {
      created.push(a);
      await spool.discard(received);
      return { ...a, messageId: null, internal: false } satisfies AttachmentRecord;
    },
    get: async () => null,
    open: async () => Readable.from([]),
    deleteUnclaimed: async () => null,
    listUnclaimedBefore: async () => [],
    bytesForQuery: async () => held + created.reduce((sum, a) => sum + a.size, 0),
    sweepLeftovers: async () => 0,
  };
}

const queries = { access: async () => ({ id: 'q1' }) as Query } as unknown as QueryService;

describe('the byte quota of a query', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function received(dir: string) {
    const path = join(dir, '.upload-test');
    await writeFile(path, PDF);
    return { path, size: PDF.length };
  }

  it('accepts a file that fits, refuses one that would go over, and keeps nothing of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-quota-'));
    dirs.push(dir);
    const nearlyFull = storeHolding(QUERY_ATTACHMENT_QUOTA_BYTES - PDF.length, dir);
    const service = new AttachmentService(nearlyFull, queries);
    await service.authorize(customer, 'q1', '203.0.113.7');
    await expect(service.accept(customer, 'q1', await received(dir), 'a.pdf')).resolves.toMatchObject({ size: PDF.length });
    // Now exactly full: refused before any byte is read…
    await expect(service.authorize(customer, 'q1', '203.0.113.7')).rejects.toMatchObject({ code: 'payload_too_large' });
    // …and, had it started, refused once received, with the temporary file deleted.
    await expect(service.accept(customer, 'q1', await received(dir), 'b.pdf')).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(readdirSync(dir).filter((name) => name.startsWith('.upload-'))).toEqual([]);
    expect(nearlyFull.created).toHaveLength(1);
  });
});
