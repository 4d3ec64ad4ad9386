/**
 * Host-signed customer identities (POST /api/auth/customer): a JWT made with
 * IDENTITY_SECRET whose signature covers the id, name, email and expiry in one
 * unambiguous encoding. Anything else — another key or algorithm, a changed
 * claim, an expired or too long-lived identity, the old hex-HMAC form — is refused.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../src/index.js';
import { api } from './support/http.js';
import { IDENTITY_SECRET, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.dispose());

const signIn = (identity: string) => api(server.url, 'POST', '/api/auth/customer', { body: { identity } });
const now = () => Math.floor(Date.now() / 1000);

/** A JWT signed by the test with full control of header and claims. */
function forge(claims: Record<string, unknown>, options: { alg?: 'HS256' | 'HS512'; secret?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).sign(new TextEncoder().encode(options.secret ?? IDENTITY_SECRET));
}

describe('signed customer identities', () => {
  it('signs in the customer the identity names, with the name and email it carries', async () => {
    const res = await signIn(await signIdentityToken({ externalId: 'crm-7', name: 'Grace', email: 'grace@example.test' }, IDENTITY_SECRET));
    expect(res.status).toBe(201);
    expect(res.body.customer).toMatchObject({ externalId: 'crm-7', name: 'Grace', email: 'grace@example.test' });
  });

  it('refuses an identity whose claims were changed after signing: name and email are covered', async () => {
    const signed = await signIdentityToken({ externalId: 'crm-8', name: 'Hal', email: 'hal@example.test' }, IDENTITY_SECRET);
    const [header, payload, signature] = signed.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const rewritten = Buffer.from(JSON.stringify({ ...claims, name: 'Mallory', email: 'mallory@evil.test' })).toString('base64url');
    const res = await signIn(`${header}.${rewritten}.${signature}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
    // Nothing was written: the real identity still shows the real name.
    expect((await signIn(signed)).body.customer).toMatchObject({ name: 'Hal', email: 'hal@example.test' });
  });

  it('refuses another key, another algorithm, and a token without sub or exp', async () => {
    const claims = { sub: 'crm-9', exp: now() + 600 };
    for (const identity of [
      await forge(claims, { secret: 'not-the-identity-secret-at-all' }),
      await forge(claims, { alg: 'HS512' }),
      await forge({ exp: now() + 600 }),
      await forge({ sub: 'crm-9' }),
      'not-a-jwt',
    ]) {
      const res = await signIn(identity);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
    }
  });

  it('refuses an expired identity, and one valid for more than 30 days', async () => {
    const expired = await signIn(await forge({ sub: 'crm-10', exp: now() - 1 }));
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
    const forever = await signIn(await forge({ sub: 'crm-10', exp: now() + 31 * 24 * 3600 }));
    expect(forever.status).toBe(401);
    expect(forever.body.error.message).toMatch(/30 days/);
    expect((await signIn(await forge({ sub: 'crm-10', exp: now() + 29 * 24 * 3600 }))).status).toBe(201);
  });

  it('refuses a claim the server refuses everywhere (a name too long) as invalid_payload', async () => {
    const res = await signIn(await forge({ sub: 'crm-11', exp: now() + 600, name: 'x'.repeat(101) }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name/);
  });

  it('refuses the old hex-HMAC form, saying what changed', async () => {
    const res = await api(server.url, 'POST', '/api/auth/customer', {
      body: { externalId: 'acct', expires: 4102444800, signature: 'a'.repeat(64) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/old signature format.*docs\/embedding\.md/);
  });
});

describe('IDENTITY_SECRET', () => {
  it('must differ from JWT_SECRET: host sites would otherwise hold the key to staff tokens', async () => {
    await expect(startTestServer({ identitySecret: 's'.repeat(40), jwtSecret: 's'.repeat(40) })).rejects.toThrow(/IDENTITY_SECRET, JWT_SECRET: must differ/);
  });
});
