import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"e1","type":"query.created"}';
  const at = new Date('2030-01-01T00:00:00Z');

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">, as the docs tell receivers to compute it', () => {
    const t = at.getTime() / 1000;
    expect(signWebhook(secret, body, at)).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
  });

  it('verifies only the same body, secret and a time within the tolerance', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhookSignature(secret, body, header, at)).toBe(true);
    expect(verifyWebhookSignature(secret, `${body} `, header, at)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', body, header, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.replace(/t=\d+/, `t=${at.getTime() / 1000 + 1}`), at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined, at)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 't=1,v1=zz', at)).toBe(false);
  });
});
