import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex HMAC-SHA256 of externalId: what the host application signs a customer identity with. */
export function signIdentity(externalId: string, secret: string): string {
  return createHmac('sha256', secret).update(externalId, 'utf8').digest('hex');
}

/** Timing-safe check of a host-signed customer identity. */
export function verifyIdentity(externalId: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signIdentity(externalId, secret), 'hex');
  const actual = Buffer.from(signature.toLowerCase(), 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
