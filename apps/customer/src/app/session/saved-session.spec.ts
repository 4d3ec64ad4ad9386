import { afterEach, describe, expect, it } from 'vitest';
import { loadSavedSession, saveSession } from './saved-session';

const user = { id: 'c1', role: 'customer' as const, name: 'Ada' };

describe('saved sessions', () => {
  afterEach(() => sessionStorage.clear());

  it('come back as they were saved', () => {
    saveSession(sessionStorage, { token: 't', user, identity: 'h.p.s' });
    expect(loadSavedSession(sessionStorage)).toEqual({ token: 't', user, identity: 'h.p.s' });
  });

  it('drop an identity saved in the old form (an object with a hex signature), keeping the token', () => {
    sessionStorage.setItem('parley.customer.session', JSON.stringify({ token: 't', user, identity: { externalId: 'x', signature: 'a'.repeat(64) } }));
    expect(loadSavedSession(sessionStorage)).toEqual({ token: 't', user });
  });

  it('ignore what is not a session', () => {
    sessionStorage.setItem('parley.customer.session', '{"token":1}');
    expect(loadSavedSession(sessionStorage)).toBeNull();
  });
});
