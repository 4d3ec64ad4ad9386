import { describe, expect, it } from 'vitest';
import { UploadError, uploadAttachment } from './upload-attachment.js';

/** Just enough of XMLHttpRequest to drive an upload from the test. */
class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  responseType = '';
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

function start() {
  const xhr = new FakeXhr();
  const progress: number[] = [];
  const file = new File(['%PDF-1.7'], 'invoice.pdf', { type: 'application/pdf' });
  const handle = uploadAttachment({
    url: '/api/queries/q1/attachments',
    token: 'secret',
    file,
    headers: { 'ngsw-bypass': 'true' },
    onProgress: (p) => progress.push(p),
    createRequest: () => xhr as unknown as XMLHttpRequest,
  });
  return { xhr, progress, handle, file };
}

describe('uploadAttachment', () => {
  it('posts the file as multipart with the bearer token and reports upload progress', async () => {
    const { xhr, progress, handle } = start();
    expect(xhr.method).toBe('POST');
    expect(xhr.headers['Authorization']).toBe('Bearer secret');
    // The caller's own headers go along (the customer app's service-worker bypass).
    expect(xhr.headers['ngsw-bypass']).toBe('true');
    expect((xhr.body as FormData).get('file')).toBeInstanceOf(File);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 25, total: 100 });
    const attachment = { id: 'a', name: 'invoice.pdf', contentType: 'application/pdf', size: 8, url: '/x' };
    xhr.respond(201, { attachment });
    await expect(handle.done).resolves.toEqual(attachment);
    expect(progress).toEqual([0.25, 1]);
  });

  it('rejects with the server error body', async () => {
    const { xhr, handle } = start();
    xhr.respond(413, { error: { code: 'payload_too_large', message: 'too big' } });
    const error = await handle.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).code).toBe('payload_too_large');
    expect((error as UploadError).status).toBe(413);
  });

  it('rejects as unavailable when the connection breaks', async () => {
    const { xhr, handle } = start();
    xhr.onerror?.();
    await expect(handle.done).rejects.toMatchObject({ code: 'unavailable', status: 0 });
  });
});
