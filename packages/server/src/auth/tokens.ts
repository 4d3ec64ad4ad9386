/**
 * JWTs (jose): HS256 only, issuer `parley`, claims sub/role/name, and for staff
 * `ver`, the agent's token version when it was signed (raising the version in the
 * store revokes every older token: password change, sign-out everywhere). Verification
 * maps every failure onto the protocol's codes: not a JWT at all →
 * `unauthorized`; wrong signature, algorithm or claims → `invalid_token`;
 * expired → `token_expired`.
 */
import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { idSchema, type UserRef } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';

export const TOKEN_ISSUER = 'parley';
export const CUSTOMER_TOKEN_TTL_SECONDS = 24 * 60 * 60;
export const STAFF_TOKEN_TTL_SECONDS = 12 * 60 * 60;

const claimsSchema = z.object({
  sub: idSchema,
  role: z.enum(['customer', 'agent', 'admin']),
  name: z.string().min(1).max(200),
  // Absent from tokens signed before versions existed: version 0, which every agent starts at.
  ver: z.number().int().nonnegative().default(0),
  iat: z.number(),
  exp: z.number(),
});

export interface VerifiedToken {
  user: UserRef;
  /** Expiry, epoch seconds. */
  exp: number;
  /** The token version it was signed at (staff; always 0 for customers). */
  ver: number;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class TokenService {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    this.#key = new TextEncoder().encode(secret);
  }

  /**
   * Signs a token for this user, valid 24 h for customers and 12 h for staff,
   * carrying `tokenVersion` when given (staff).
   */
  async sign(user: UserRef, tokenVersion?: number): Promise<string> {
    const ttl = user.role === 'customer' ? CUSTOMER_TOKEN_TTL_SECONDS : STAFF_TOKEN_TTL_SECONDS;
    const claims = tokenVersion === undefined ? { role: user.role, name: user.name } : { role: user.role, name: user.name, ver: tokenVersion };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(this.#key);
  }

  /** @throws AppError unauthorized | invalid_token | token_expired */
  async verify(token: unknown): Promise<VerifiedToken> {
    if (typeof token !== 'string' || token === '') throw new AppError('unauthorized', 'a token is required');
    if (token.length > 4096 || !JWT_SHAPE.test(token)) throw new AppError('unauthorized', 'the token is not a JWT');
    try {
      decodeProtectedHeader(token);
    } catch {
      throw new AppError('unauthorized', 'the token is not a JWT');
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AppError('token_expired', 'the token has expired');
      throw new AppError('invalid_token', 'the token is not valid');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new AppError('invalid_token', 'the token claims are not valid');
    const { sub, role, name, exp, ver } = claims.data;
    return { user: { id: sub, role, name }, exp, ver };
  }
}
