/**
 * How a host site hands a signed customer identity to the app: in the URL
 * fragment, `#parley-identity=<JWT>` — the identity its backend signed with
 * IDENTITY_SECRET (docs/embedding.md). The fragment never reaches any server
 * log, and the app removes it from the address bar once read.
 */
import { identitySubject, type CustomerIdentity } from '@parley/client';

/** The fragment parameter the host sets. */
export const IDENTITY_FRAGMENT_KEY = 'parley-identity';

/** The fragment the host opens to sign its user out of the app (`#parley-logout`). */
export const LOGOUT_FRAGMENT_KEY = 'parley-logout';

/** Three base64url parts: the compact form of a JWT. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Reads a signed identity out of a URL fragment (with or without the leading `#`).
 * Returns null when there is none or it is malformed (not a JWT naming a customer):
 * the app then falls back to a visitor start rather than failing. The signature is
 * the server's to check.
 */
export function parseIdentityFragment(fragment: string): CustomerIdentity | null {
  const params = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  const identity = params.get(IDENTITY_FRAGMENT_KEY)?.trim();
  if (!identity || !JWT_SHAPE.test(identity) || identitySubject(identity) === null) return null;
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

/** The fragment a host puts in its link for this identity (used by tests and the docs example). */
export function encodeIdentityFragment(identity: CustomerIdentity): string {
  return `#${IDENTITY_FRAGMENT_KEY}=${identity}`;
}

let captured: CustomerIdentity | null = null;
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
export function takeCapturedIdentity(): CustomerIdentity | null {
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
