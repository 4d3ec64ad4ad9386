import { SignJWT } from 'jose';
import { JWT_SECRET } from './server.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed by the test with full control over claims, key and algorithm. */
export async function signTestToken(
  claims: { sub: string; role: string; name?: string; ver?: number },
  options: { secret?: string; alg?: 'HS256' | 'HS384' | 'HS512'; expiresIn?: string | number; issuer?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ role: claims.role, name: claims.name ?? 'Test', ...(claims.ver === undefined ? {} : { ver: claims.ver }) })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? 'parley')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(claims: object): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** A token whose header claims RS256 but whose "signature" is an HMAC made with the shared secret's bytes. */
export async function rs256HeaderToken(claims: { sub: string; role: string }): Promise<string> {
  const valid = await signTestToken(claims);
  const [, payload, signature] = valid.split('.');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`;
}
