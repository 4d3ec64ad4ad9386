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
 * plain-http intranet page. Random bytes are drawn for 64 ids at a time (one
 * call each was most of an id's cost in the load generator, which makes
 * thousands a second).
 */
const RANDOM_BYTES = 10;
const IDS_PER_DRAW = 64;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const pool = new Uint8Array(RANDOM_BYTES * IDS_PER_DRAW);
let used = IDS_PER_DRAW;

export function newClientId(now: number = Date.now()): string {
  if (used === IDS_PER_DRAW) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  const r = used++ * RANDOM_BYTES;
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const hex = (i: number) => HEX[pool[r + i]!]!;
  const version = HEX[0x70 | (pool[r]! & 0x0f)]!; // version 7
  const variant = HEX[0x80 | (pool[r + 2]! & 0x3f)]!; // variant 10
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${version}${hex(1)}-${variant}${hex(3)}-${hex(4)}${hex(5)}${hex(6)}${hex(7)}${hex(8)}${hex(9)}`;
}
