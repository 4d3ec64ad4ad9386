/**
 * The `Parley-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `"<t>.<raw body>"` keyed with the endpoint's secret — the timestamp is
 * signed with the body so a captured delivery cannot be replayed later with a
 * fresh time. Receivers verify as {@link verifyWebhookSignature} does
 * (docs/protocol.md has the same in Python and PHP).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * True when `header` signs `body` with `secret` and its time is within `toleranceSeconds` of `now`
 * (default five minutes).
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
