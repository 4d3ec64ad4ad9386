/**
 * A return URL from the query string, accepted only when it is a path inside the console
 * (no other origin, no protocol-relative `//host`, not the sign-in page itself).
 */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/sign-in')) return '/';
  return value;
}
