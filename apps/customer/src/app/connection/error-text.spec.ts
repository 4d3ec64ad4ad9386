import { ParleyError } from '@parley/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorText, isConnectionProblem } from './error-text';

describe('errorText', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says "cannot reach the server" for a gateway timeout, never "HTTP 504"', () => {
    // What the SDK makes of a bare 502/504: `unavailable`, with the gateway's status.
    const gateway = new ParleyError({ code: 'unavailable', message: 'HTTP 504' }, 504);
    expect(isConnectionProblem(gateway)).toBe(true);
    expect(errorText(gateway)).toMatch(/cannot reach the support server/);
    expect(errorText(new ParleyError({ code: 'unavailable', message: 'HTTP 502' }, 502))).not.toMatch(/HTTP/);
  });

  it('says "busy or restarting" for the server’s own 503, which is not a connection problem', () => {
    const restarting = new ParleyError({ code: 'unavailable', message: 'the server is shutting down' }, 503);
    expect(isConnectionProblem(restarting)).toBe(false);
    expect(errorText(restarting)).toMatch(/busy or restarting/);
  });

  it('says "you are offline" when the browser is offline and the server was unreachable', () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const unreachable = new ParleyError({ code: 'unavailable', message: 'server unreachable: Failed to fetch' });
    expect(errorText(unreachable)).toMatch(/You are offline/);
  });

  it('shows the open-query cap in the server’s words, as a sentence', () => {
    const capped = new ParleyError({ code: 'quota_exceeded', message: 'you already have 5 open conversations (at most 5): continue in one of them' }, 403);
    expect(errorText(capped)).toBe('You already have 5 open conversations (at most 5): continue in one of them.');
  });

  it('keeps the server message for a real answer', () => {
    expect(isConnectionProblem(new ParleyError({ code: 'forbidden', message: 'no' }, 403))).toBe(false);
    expect(errorText(new ParleyError({ code: 'forbidden', message: 'no' }, 403))).toBe('This conversation is not available to you.');
  });
});
