import { describe, expect, it, vi } from 'vitest';
import { uploadTarget, type UploadClient } from './upload-target';

function fakeClient(renews: boolean) {
  const client = {
    token: 'old',
    renewToken: vi.fn(async () => {
      if (renews) client.token = 'new';
      return renews;
    }),
    request: vi.fn(async () => undefined),
  };
  return client;
}

describe('uploadTarget', () => {
  it('uploads to the query’s attachments route with the current token', () => {
    const target = uploadTarget(fakeClient(true) as unknown as UploadClient, 'q1', 'https://help.example');
    expect(target).toMatchObject({ url: 'https://help.example/api/queries/q1/attachments', token: 'old' });
  });

  it('renews through the SDK’s renewToken() and hands back the fresh token', async () => {
    const client = fakeClient(true);
    const target = uploadTarget(client as unknown as UploadClient, 'q1');
    await expect(target.renewToken!()).resolves.toBe('new');
    expect(client.renewToken).toHaveBeenCalledOnce();
    expect(client.request).not.toHaveBeenCalled();
  });

  it('answers null when the session could not be renewed, so the upload is not retried', async () => {
    const target = uploadTarget(fakeClient(false) as unknown as UploadClient, 'q1');
    await expect(target.renewToken!()).resolves.toBeNull();
  });
});
