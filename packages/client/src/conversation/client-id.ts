/**
 * A UUIDv7 (RFC 9562) for a message's or a query's clientId: a 48-bit
 * millisecond timestamp, then random bits. Why time-ordered: the server's
 * idempotency index is led by the clientId, and ids that grow with time are
 * added at its end, so one commit of many conversations' messages dirties one
 * leaf of it instead of one per conversation (docs/performance.md, "The
 * idempotency index"). Any UUID is still accepted; this one is only cheaper
 * to store. The timestamp says when the client made the message, which its
 * `createdAt` says anyway.
 *
 * `crypto.getRandomValues`, not `randomUUID`: the latter exists only in secure
 * contexts (https, localhost), and a support widget may be embedded in a
 * plain-http intranet page.
 */
export function newClientId(now: number = Date.now()): string {
  const random = new Uint8Array(10);
  globalThis.crypto.getRandomValues(random);
  random[0] = 0x70 | (random[0]! & 0x0f); // version 7
  random[2] = 0x80 | (random[2]! & 0x3f); // variant 10
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const rest = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${rest.slice(0, 4)}-${rest.slice(4, 8)}-${rest.slice(8)}`;
}
