import type { UserRef } from '@parley/protocol';

/** What a sign-in returns and the client runs on. Apps may persist it (it holds a bearer token). */
export interface Session {
  token: string;
  /** From the auth response. */
  user: UserRef;
  /** Visitors: the resumeKey that renews the token silently. */
  resumeKey?: string;
  /** Identified customers: the signed identity to renew with. */
  identity?: CustomerIdentity;
}

/** A customer identified by the host application (see docs/embedding.md). */
export interface CustomerIdentity {
  externalId: string;
  /** Hex HMAC-SHA256 of externalId with the server's IDENTITY_SECRET, computed by the host's backend. */
  signature: string;
  /** Epoch seconds after which the identity is refused; the signature then covers `${externalId}.${expires}`. */
  expires?: number;
  name?: string;
  email?: string;
}

/**
 * Expiry of a JWT in epoch ms, read without verifying it (the server verifies;
 * the client only needs to know when to renew). Null when it cannot tell.
 */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const claims: unknown = JSON.parse(atob(base64));
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
