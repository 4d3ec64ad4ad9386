/**
 * How a host site hands a signed customer identity to the app: in the URL
 * fragment, `#parley-identity=<base64url of JSON>`. The fragment never reaches
 * any server log, and the app removes it from the address bar once read.
 * See docs/embedding.md for the host side.
 */
export interface SignedIdentity {
  externalId: string;
  /** Hex HMAC-SHA256 of externalId (or `${externalId}.${expires}`) keyed with the server's IDENTITY_SECRET. */
  signature: string;
  /** When the signature stops working, epoch seconds (recommended: a few hours). */
  expires?: number;
  name?: string;
  email?: string;
}

/** The fragment parameter the host sets. */
export const IDENTITY_FRAGMENT_KEY = 'parley-identity';

/** The fragment the host opens to sign its user out of the app (`#parley-logout`). */
export const LOGOUT_FRAGMENT_KEY = 'parley-logout';

/**
 * Reads a signed identity out of a URL fragment (with or without the leading `#`).
 * Returns null when there is none or it is malformed: the app then falls back to
 * a visitor start rather than failing.
 */
export function parseIdentityFragment(fragment: string): SignedIdentity | null {
  const params = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  const encoded = params.get(IDENTITY_FRAGMENT_KEY);
  if (!encoded) return null;
  let value: unknown;
  try {
    value = JSON.parse(decodeBase64Url(encoded));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const { externalId, signature, name, email, expires } = record;
  if (typeof externalId !== 'string' || externalId.trim() === '') return null;
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return null;
  const identity: SignedIdentity = { externalId, signature };
  if (expires !== undefined) {
    if (typeof expires !== 'number' || !Number.isInteger(expires) || expires <= 0) return null;
    identity.expires = expires;
  }
  if (typeof name === 'string' && name.trim() !== '') identity.name = name;
  if (typeof email === 'string' && email.trim() !== '') identity.email = email;
  return identity;
}

/** The fragment without the identity parameter (what the address bar keeps). */
export function stripIdentityFragment(fragment: string): string {
  const params = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  params.delete(IDENTITY_FRAGMENT_KEY);
  params.delete(LOGOUT_FRAGMENT_KEY);
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

/** Encodes an identity the way a host does (used by tests and the docs example). */
export function encodeIdentityFragment(identity: SignedIdentity): string {
  const bytes = new TextEncoder().encode(JSON.stringify(identity));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64url = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `#${IDENTITY_FRAGMENT_KEY}=${base64url}`;
}

function decodeBase64Url(encoded: string): string {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

let captured: SignedIdentity | null = null;
let logoutRequested = false;

/** Whether a fragment asks the app to sign out (`#parley-logout`, with or without a value). */
export function isLogoutFragment(fragment: string): boolean {
  return new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment).has(LOGOUT_FRAGMENT_KEY);
}

/**
 * Reads the identity out of the address bar and removes it, before the router
 * starts (it would otherwise carry the fragment into its first navigation).
 * Called once from main.ts; {@link takeCapturedIdentity} hands it over later.
 */
export function captureIdentityFromLocation(): void {
  const identity = parseIdentityFragment(location.hash);
  const logout = isLogoutFragment(location.hash);
  if (!identity && !logout) return;
  captured = identity;
  logoutRequested = logout;
  history.replaceState(history.state, '', location.pathname + location.search + stripIdentityFragment(location.hash));
}

/** The identity captured at start, once (null afterwards, or when there was none). */
export function takeCapturedIdentity(): SignedIdentity | null {
  const identity = captured;
  captured = null;
  return identity;
}

/** Whether the host asked to sign out at start, once (false afterwards). */
export function takeLogoutRequest(): boolean {
  const requested = logoutRequested;
  logoutRequested = false;
  return requested;
}
