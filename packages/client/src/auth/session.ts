import type { UserRef } from '@parley/protocol';

/** What a sign-in returns and the client runs on. Apps may persist it (it holds a bearer token). */
export interface Session {
  token: string;
  /** From the auth response. */
  user: UserRef;
  /** Visitors: the resumeKey that renews the token silently. */
  resumeKey?: string;
  /** Identified customers: the identity the host signed (docs/embedding.md), to renew with. */
  identity?: CustomerIdentity;
}

/**
 * A customer identity signed by the host application's backend: a JWT (HS256, the server's IDENTITY_SECRET)
 * with `sub` (the host's id for the customer), optional `name` and `email`, and `exp`. Opaque to the client,
 * which only reads `sub` and `exp` ({@link identitySubject}).
 */
export type CustomerIdentity = string;

/** The claims of a JWT, read without verifying it (the server verifies). Null when it is not one. */
function unverifiedClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Expiry of a JWT in epoch ms, read without verifying it (the server verifies;
 * the client only needs to know when to renew). Null when it cannot tell.
 */
export function tokenExpiresAt(token: string): number | null {
  const exp = unverifiedClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

/**
 * Which customer a signed identity names (its `sub`: the host's id), read without verifying it — e.g. to tell
 * whether a new identity is for the customer already signed in. Null when it is not a signed identity.
 */
export function identitySubject(identity: CustomerIdentity): string | null {
  const sub = unverifiedClaims(identity)?.sub;
  return typeof sub === 'string' && sub !== '' ? sub : null;
}
