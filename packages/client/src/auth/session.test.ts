import { describe, expect, it } from 'vitest';
import { identitySubject, tokenExpiresAt } from './session.js';

const jwt = (claims: object) => `${btoa(JSON.stringify({ alg: 'HS256' }))}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('reading a JWT without verifying it', () => {
  it('finds the expiry in epoch ms, or null', () => {
    expect(tokenExpiresAt(jwt({ exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
    expect(tokenExpiresAt(jwt({ sub: 'x' }))).toBeNull();
    expect(tokenExpiresAt('not a token')).toBeNull();
  });

  it('finds which customer a signed identity names, non-ASCII ids included', () => {
    expect(identitySubject(jwt({ sub: 'crm-7', exp: 1 }))).toBe('crm-7');
    expect(identitySubject(jwt({ sub: 'kundé-7' }))).toBe('kundé-7');
    expect(identitySubject(jwt({ exp: 1 }))).toBeNull();
    expect(identitySubject('garbage')).toBeNull();
  });
});
