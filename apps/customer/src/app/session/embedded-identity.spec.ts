import { describe, expect, it } from 'vitest';
import { encodeIdentityFragment, isLogoutFragment, parseIdentityFragment, stripIdentityFragment } from './embedded-identity';

const signature = 'a'.repeat(64);

describe('embedded identity fragment', () => {
  it('round-trips an identity with non-ASCII names', () => {
    const identity = { externalId: 'user-42', signature, name: 'Zoë Ünal', email: 'zoe@example.com' };
    expect(parseIdentityFragment(encodeIdentityFragment(identity))).toEqual(identity);
  });

  it('reads the identity among other fragment parameters, with or without the hash sign', () => {
    const encoded = encodeIdentityFragment({ externalId: 'x', signature }).slice(1);
    expect(parseIdentityFragment(`#lang=fr&${encoded}`)?.externalId).toBe('x');
    expect(parseIdentityFragment(`${encoded}&lang=fr`)?.externalId).toBe('x');
  });

  it('ignores a missing, undecodable or incomplete identity instead of failing', () => {
    expect(parseIdentityFragment('')).toBeNull();
    expect(parseIdentityFragment('#parley-identity=%%%')).toBeNull();
    expect(parseIdentityFragment('#parley-identity=' + btoa('not json'))).toBeNull();
    expect(parseIdentityFragment(encodeIdentityFragment({ externalId: ' ', signature }))).toBeNull();
    expect(parseIdentityFragment(encodeIdentityFragment({ externalId: 'x', signature: 'short' }))).toBeNull();
  });

  it('drops empty optional fields so the server does not validate them', () => {
    const parsed = parseIdentityFragment(encodeIdentityFragment({ externalId: 'x', signature, name: '', email: ' ' }));
    expect(parsed).toEqual({ externalId: 'x', signature });
  });

  it('strips only the identity from the fragment the address bar keeps', () => {
    const fragment = `#lang=fr&${encodeIdentityFragment({ externalId: 'x', signature }).slice(1)}`;
    expect(stripIdentityFragment(fragment)).toBe('#lang=fr');
    expect(stripIdentityFragment(encodeIdentityFragment({ externalId: 'x', signature }))).toBe('');
  });

  it('recognises the host sign-out fragment and removes it from the address bar', () => {
    expect(isLogoutFragment('#parley-logout')).toBe(true);
    expect(isLogoutFragment('#tab=2&parley-logout=1')).toBe(true);
    expect(isLogoutFragment('#tab=2')).toBe(false);
    expect(stripIdentityFragment('#tab=2&parley-logout')).toBe('#tab=2');
  });

  it('carries the signed expiry to the server, and refuses a malformed one', () => {
    const identity = { externalId: 'user-42', signature, expires: 1_900_000_000 };
    expect(parseIdentityFragment(encodeIdentityFragment(identity))).toEqual(identity);
    expect(parseIdentityFragment(encodeIdentityFragment({ ...identity, expires: '1900000000' as unknown as number }))).toBeNull();
  });
});
