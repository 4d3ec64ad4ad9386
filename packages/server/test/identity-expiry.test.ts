/** Signed customer identities with an expiry: `expires` (epoch seconds) is covered by the signature and enforced. */
import { afterEach, describe, expect, it } from 'vitest';
import { signIdentity } from '../src/index.js';
import { api } from './support/http.js';
import { IDENTITY_SECRET, startTestServer, type TestServer } from './support/server.js';

describe('signed identities with an expiry', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });

  const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

  it('accepts a signature over externalId and a future expiry', async () => {
    server = await startTestServer();
    const expires = inSeconds(600);
    const res = await api(server.url, 'POST', '/api/auth/customer', {
      body: { externalId: 'crm-7', expires, signature: signIdentity('crm-7', IDENTITY_SECRET, expires) },
    });
    expect(res.status).toBe(201);
    expect(res.body.customer.externalId).toBe('crm-7');
  });

  it('refuses it once expired, and refuses a later expiry the host did not sign', async () => {
    server = await startTestServer();
    const past = inSeconds(-1);
    const expired = await api(server.url, 'POST', '/api/auth/customer', {
      body: { externalId: 'crm-7', expires: past, signature: signIdentity('crm-7', IDENTITY_SECRET, past) },
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'invalid_credentials', message: expect.stringMatching(/expired/) });
    const stretched = await api(server.url, 'POST', '/api/auth/customer', {
      body: { externalId: 'crm-7', expires: inSeconds(86_400), signature: signIdentity('crm-7', IDENTITY_SECRET, past) },
    });
    expect(stretched.status).toBe(401);
    // A signature without expiry cannot be given one either (and vice versa).
    const added = await api(server.url, 'POST', '/api/auth/customer', {
      body: { externalId: 'crm-7', expires: inSeconds(600), signature: signIdentity('crm-7', IDENTITY_SECRET) },
    });
    expect(added.status).toBe(401);
  });

  it('still accepts the plain form (signature over externalId alone) for existing hosts', async () => {
    server = await startTestServer();
    const res = await api(server.url, 'POST', '/api/auth/customer', {
      body: { externalId: 'crm-8', signature: signIdentity('crm-8', IDENTITY_SECRET) },
    });
    expect(res.status).toBe(201);
  });
});
