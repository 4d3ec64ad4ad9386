import { describe, expect, it } from 'vitest';
import type { Attachment } from '@parley/protocol';
import { ATTACHMENT_MAX_BYTES } from './attachment-rules.js';
import { PendingUploads } from './pending-uploads.js';
import { UploadError, type UploadHandle, type UploadOptions } from './upload-attachment.js';

/** An upload function the test drives by hand. */
function manualUploads() {
  const calls: Array<{ options: UploadOptions; resolve(a: Attachment): void; reject(e: unknown): void; aborted: boolean }> = [];
  const upload = (options: UploadOptions): UploadHandle => {
    let resolve!: (a: Attachment) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<Attachment>((res, rej) => ((resolve = res), (reject = rej)));
    const call = { options, resolve, reject, aborted: false };
    calls.push(call);
    return { done, abort: () => ((call.aborted = true), reject(new UploadError({ code: 'unavailable', message: 'cancelled' }, 0))) };
  };
  return { calls, upload };
}

const png = (name = 'photo.png', size = 1000) => new File([new Uint8Array(size)], name, { type: 'image/png' });
const attachment = (id: string, name: string): Attachment => ({ id, name, contentType: 'image/png', size: 1000, url: `/api/attachments/${id}` });
const flush = () => new Promise((resolve) => setTimeout(resolve));

describe('PendingUploads', () => {
  it('uploads each picked file with the session token, reports progress, then lists it as ready', async () => {
    const { calls, upload } = manualUploads();
    const uploads = new PendingUploads(() => ({ url: '/api/queries/q/attachments', token: 'tok' }), undefined, upload);
    expect(uploads.add([png()])).toEqual([]);
    expect(calls[0]?.options.token).toBe('tok');
    expect(uploads.uploading()).toBe(true);
    calls[0]?.options.onProgress?.(0.5);
    expect(uploads.items()[0]?.progress).toBe(0.5);
    calls[0]?.resolve(attachment('a1', 'photo.png'));
    await flush();
    expect(uploads.uploading()).toBe(false);
    expect(uploads.ready().map((a) => a.id)).toEqual(['a1']);
  });

  it('refuses too big and wrong-type files before uploading, saying what to do', () => {
    const { calls, upload } = manualUploads();
    const uploads = new PendingUploads(() => ({ url: '/u', token: 't' }), undefined, upload);
    const big = new File([new Uint8Array(ATTACHMENT_MAX_BYTES + 1)], 'huge.png', { type: 'image/png' });
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    const problems = uploads.add([big, text]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('the limit is 10.0 MB');
    expect(problems[1]).toContain('only pictures');
    expect(calls).toHaveLength(0);
  });

  it('explains a server refusal and retries the same file on demand', async () => {
    const { calls, upload } = manualUploads();
    const uploads = new PendingUploads(() => ({ url: '/u', token: 't' }), undefined, upload);
    uploads.add([png('fake.png')]);
    calls[0]?.reject(new UploadError({ code: 'invalid_payload', message: 'the file is text/plain, not a picture or a PDF' }, 400));
    await flush();
    const failed = uploads.items()[0];
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toContain('was refused: the file is text/plain');
    expect(failed?.retryable).toBe(false);
    uploads.retry(failed!.id);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(attachment('a2', 'fake.png'));
    await flush();
    expect(uploads.ready().map((a) => a.id)).toEqual(['a2']);
  });

  it('offers a retry after a dropped connection', async () => {
    const { calls, upload } = manualUploads();
    const uploads = new PendingUploads(() => ({ url: '/u', token: 't' }), undefined, upload);
    uploads.add([png()]);
    calls[0]?.reject(new UploadError({ code: 'unavailable', message: 'interrupted' }, 0));
    await flush();
    expect(uploads.items()[0]).toMatchObject({ state: 'failed', retryable: true });
    expect(uploads.items()[0]?.error).toContain('did not finish uploading');
  });

  it('aborts an upload that is removed and forgets it without an error', async () => {
    const { calls, upload } = manualUploads();
    const uploads = new PendingUploads(() => ({ url: '/u', token: 't' }), undefined, upload);
    uploads.add([png()]);
    uploads.remove(uploads.items()[0]!.id);
    await flush();
    expect(calls[0]?.aborted).toBe(true);
    expect(uploads.items()).toEqual([]);
  });

  it('renews an expired token through the session and retries the upload once', async () => {
    const { calls, upload } = manualUploads();
    let renewals = 0;
    const uploads = new PendingUploads(
      () => ({ url: '/u', token: 'old', renewToken: async () => (renewals++, 'new') }),
      undefined,
      upload,
    );
    uploads.add([png()]);
    calls[0]?.reject(new UploadError({ code: 'token_expired', message: 'expired' }, 401));
    await flush();
    expect(renewals).toBe(1);
    expect(calls[1]?.options.token).toBe('new');
    // Refused again: no endless loop, the customer is told.
    calls[1]?.reject(new UploadError({ code: 'token_expired', message: 'expired' }, 401));
    await flush();
    expect(calls).toHaveLength(2);
    expect(uploads.items()[0]?.state).toBe('failed');
  });

  it('deletes a removed file from the server once uploaded, and every unsent one when discarded', async () => {
    const { calls, upload } = manualUploads();
    const deleted: string[] = [];
    const uploads = new PendingUploads(
      () => ({ url: '/u', token: 't', deleteAttachment: async (a: Attachment) => void deleted.push(a.id) }),
      undefined,
      upload,
    );
    uploads.add([png('a.png'), png('b.png'), png('c.png')]);
    calls[0]?.resolve(attachment('a1', 'a.png'));
    calls[1]?.resolve(attachment('b1', 'b.png'));
    await flush();
    uploads.remove(uploads.items()[0]!.id);
    expect(deleted).toEqual(['a1']);
    uploads.discard();
    expect(deleted).toEqual(['a1', 'b1']);
    expect(calls[2]?.aborted).toBe(true);
    expect(uploads.items()).toEqual([]);
    // Sending hands the files to a message: they must stay on the server.
    uploads.add([png('d.png')]);
    calls[3]?.resolve(attachment('d1', 'd.png'));
    await flush();
    uploads.clear();
    expect(deleted).toEqual(['a1', 'b1']);
  });
});
