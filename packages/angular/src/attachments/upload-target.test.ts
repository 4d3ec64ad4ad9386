import { describe, expect, it, vi } from 'vitest';
import type { Attachment } from '@parley/protocol';
import { uploadTarget, type UploadClient } from './upload-target.js';

/** The SDK calls an upload needs, faked; `satisfies` keeps them to the SDK's real signatures. */
function fakeClient(renews: boolean) {
  const client = {
    token: 'old',
    renewToken: vi.fn(async () => {
      if (renews) client.token = 'new';
      return renews;
    }),
    deleteAttachment: vi.fn<UploadClient['deleteAttachment']>(async () => undefined),
  } satisfies UploadClient;
  return client;
}

const uploaded: Attachment = { id: 'a1', name: 'photo.png', contentType: 'image/png', size: 10, url: '/api/attachments/a1' };

describe('uploadTarget', () => {
  it('uploads to the query’s attachments route with the current token', () => {
    const target = uploadTarget(fakeClient(true), 'q1', { origin: 'https://help.example', headers: { 'ngsw-bypass': 'true' } });
    expect(target).toMatchObject({ url: 'https://help.example/api/queries/q1/attachments', token: 'old', headers: { 'ngsw-bypass': 'true' } });
  });

  it('renews through the SDK’s renewToken() and hands back the fresh token', async () => {
    const client = fakeClient(true);
    const target = uploadTarget(client, 'q1', { origin: 'https://help.example' });
    await expect(target.renewToken!()).resolves.toBe('new');
    expect(client.renewToken).toHaveBeenCalledOnce();
    expect(client.deleteAttachment).not.toHaveBeenCalled();
  });

  it('answers null when the session could not be renewed, so the upload is not retried', async () => {
    const target = uploadTarget(fakeClient(false), 'q1', { origin: 'https://help.example' });
    await expect(target.renewToken!()).resolves.toBeNull();
  });

  it('deletes an upload that will not be sent through the SDK’s deleteAttachment()', async () => {
    const client = fakeClient(true);
    await uploadTarget(client, 'q1', { origin: 'https://help.example' }).deleteAttachment!(uploaded);
    expect(client.deleteAttachment).toHaveBeenCalledWith(uploaded);
  });
});
