/**
 * Customer identities signed by a host application: a JWT (JWS compact form,
 * HS256 only) made with IDENTITY_SECRET on the host's backend. The signature
 * covers every claim the server uses — `sub` (the host's id for the customer),
 * `name`, `email`, `exp` — in one unambiguous encoding, so a signature for one
 * identity can never be read as another's, and a replay cannot rewrite the
 * name or email agents see. `exp` is required, at most
 * {@link MAX_IDENTITY_LIFETIME_SECONDS} ahead.
 *
 * Replaces the hex HMAC of `${externalId}.${expires}` (until 2026-12), which
 * was ambiguous (`acct.4102444800` signed as a plain id also signed `acct`
 * with that expiry) and covered neither name nor email: such signatures are
 * refused with a message that says so.
 */
import { emailSchema, personNameSchema as nameSchema, storedText } from '@parley/protocol';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** An identity valid for longer is refused: a leaked link must stop working. */
export const MAX_IDENTITY_LIFETIME_SECONDS = 30 * 24 * 3600;

/** What a verified identity says about the customer. */
export interface VerifiedIdentity {
  externalId: string;
  name?: string;
  email?: string;
  /** Epoch seconds. */
  exp: number;
}

const claimsSchema = z.object({
  sub: storedText(1, 200),
  name: nameSchema.optional(),
  email: emailSchema.optional(),
  exp: z.number().int().positive(),
});

const key = (secret: string) => new TextEncoder().encode(secret);

/**
 * Signs an identity the way a host's backend does (for Node hosts and tests;
 * docs/embedding.md shows Python and PHP): valid `ttlSeconds`, default 8 hours.
 */
export async function signIdentityToken(
  identity: { externalId: string; name?: string; email?: string },
  secret: string,
  ttlSeconds = 8 * 3600,
): Promise<string> {
  const claims = { ...(identity.name === undefined ? {} : { name: identity.name }), ...(identity.email === undefined ? {} : { email: identity.email }) };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.externalId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

/**
 * Checks a host-signed identity.
 * @throws AppError invalid_credentials (bad signature, algorithm or shape; expired; too long-lived) |
 *   invalid_payload (a claim the server would refuse anywhere, e.g. a name too long)
 */
export async function verifyIdentityToken(token: string, secret: string, now = Date.now()): Promise<VerifiedIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'], currentDate: new Date(now) }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AppError('invalid_credentials', 'the signed identity has expired; the host site must sign it again');
    }
    throw new AppError('invalid_credentials', 'the identity signature does not match (a JWT signed with HS256 and IDENTITY_SECRET is expected)');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    throw new AppError('invalid_payload', `the signed identity's ${issue?.path.join('.') || 'claims'}: ${issue?.message ?? 'invalid'}`);
  }
  if (claims.data.exp - now / 1000 > MAX_IDENTITY_LIFETIME_SECONDS) {
    throw new AppError('invalid_credentials', 'the signed identity is valid for too long: its exp may be at most 30 days ahead');
  }
  const { sub, name, email, exp } = claims.data;
  return { externalId: sub, exp, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
}
