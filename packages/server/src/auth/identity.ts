import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Hex HMAC-SHA256 the host application signs a customer identity with: of
 * `externalId`, or of `${externalId}.${expires}` when it gives an expiry
 * (epoch seconds), so a leaked signature stops working at that moment.
 */
export function signIdentity(externalId: string, secret: string, expires?: number): string {
  const signed = expires === undefined ? externalId : `${externalId}.${expires}`;
  return createHmac('sha256', secret).update(signed, 'utf8').digest('hex');
}

/** Timing-safe check of a host-signed customer identity (expiry is checked by the caller). */
export function verifyIdentity(externalId: string, signature: string, secret: string, expires?: number): boolean {
  const expected = Buffer.from(signIdentity(externalId, secret, expires), 'hex');
  const actual = Buffer.from(signature.toLowerCase(), 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
