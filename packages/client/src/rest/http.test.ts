import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import { httpRequest } from './http.js';

function answering(status: number, body = ''): typeof fetch {
  return async () => new Response(body || null, { status, headers: body ? { 'content-type': 'application/json' } : {} });
}

async function errorOf(promise: Promise<unknown>): Promise<ParleyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ParleyError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('httpRequest', () => {
  it('keeps the code the server put in its error body', async () => {
    const body = JSON.stringify({ error: { code: 'forbidden', message: 'not yours' } });
    const error = await errorOf(httpRequest('http://x', { method: 'GET', path: '/api/queries/1' }, answering(403, body)));
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
  });

  it.each([502, 503, 504])(
    'reads a bare %i (a proxy or an offline service worker answering) as unavailable, so callers retry',
    async (status) => {
      const error = await errorOf(httpRequest('http://x', { method: 'GET', path: '/api/queries' }, answering(status)));
      expect(error.code).toBe('unavailable');
    },
  );

  it('reads any other bare 5xx as internal', async () => {
    const error = await errorOf(httpRequest('http://x', { method: 'GET', path: '/api/queries' }, answering(500)));
    expect(error.code).toBe('internal');
  });

  it('turns a network failure into unavailable', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await errorOf(httpRequest('http://x', { method: 'GET', path: '/api/queries' }, failing));
    expect(error.code).toBe('unavailable');
  });
});
