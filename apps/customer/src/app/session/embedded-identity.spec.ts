import { describe, expect, it } from 'vitest';
import { encodeIdentityFragment, isLogoutFragment, parseIdentityFragment, stripIdentityFragment } from './embedded-identity';

/** A JWT-shaped identity (the server checks the signature; the app only reads `sub`). */
const identityFor = (claims: object) =>
  `${btoa(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).replace(/=+$/, '')}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('embedded identity fragment', () => {
  it('round-trips a signed identity, non-ASCII claims included', () => {
    const identity = identityFor({ sub: 'user-42', name: 'Zoë Ünal', email: 'zoe@example.com', exp: 1_900_000_000 });
    expect(parseIdentityFragment(encodeIdentityFragment(identity))).toBe(identity);
  });

  it('reads the identity among other fragment parameters, with or without the hash sign', () => {
    const identity = identityFor({ sub: 'x', exp: 1 });
    const encoded = encodeIdentityFragment(identity).slice(1);
    expect(parseIdentityFragment(`#lang=fr&${encoded}`)).toBe(identity);
    expect(parseIdentityFragment(`${encoded}&lang=fr`)).toBe(identity);
  });

  it('ignores a missing, malformed or subject-less identity instead of failing', () => {
    expect(parseIdentityFragment('')).toBeNull();
    expect(parseIdentityFragment('#parley-identity=%%%')).toBeNull();
    expect(parseIdentityFragment('#parley-identity=not.a-jwt')).toBeNull();
    expect(parseIdentityFragment(encodeIdentityFragment(identityFor({ exp: 1 })))).toBeNull();
    expect(parseIdentityFragment(encodeIdentityFragment(identityFor({ sub: '', exp: 1 })))).toBeNull();
  });

  it('ignores the old JSON form (externalId + hex signature), which the server no longer accepts', () => {
    const old = base64url(JSON.stringify({ externalId: 'x', signature: 'a'.repeat(64) }));
    expect(parseIdentityFragment(`#parley-identity=${old}`)).toBeNull();
  });

  it('strips only the identity from the fragment the address bar keeps', () => {
    const identity = identityFor({ sub: 'x', exp: 1 });
    expect(stripIdentityFragment(`#lang=fr&${encodeIdentityFragment(identity).slice(1)}`)).toBe('#lang=fr');
    expect(stripIdentityFragment(encodeIdentityFragment(identity))).toBe('');
  });

  it('recognises the host sign-out fragment and removes it from the address bar', () => {
    expect(isLogoutFragment('#parley-logout')).toBe(true);
    expect(isLogoutFragment('#tab=2&parley-logout=1')).toBe(true);
    expect(isLogoutFragment('#tab=2')).toBe(false);
    expect(stripIdentityFragment('#tab=2&parley-logout')).toBe('#tab=2');
  });
});
