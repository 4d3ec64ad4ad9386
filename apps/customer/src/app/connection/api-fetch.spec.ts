import { describe, expect, it } from 'vitest';
import { createApiFetch, NGSW_BYPASS_HEADER } from './api-fetch';

describe('createApiFetch', () => {
  it('marks every request to bypass the service worker, keeping its own headers', async () => {
    const seen: Array<RequestInit | undefined> = [];
    const apiFetch = createApiFetch(async (_input, init) => {
      seen.push(init);
      return new Response('{}');
    });
    await apiFetch('/api/queries', { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{}' });
    const headers = new Headers(seen[0]?.headers);
    expect(headers.get(NGSW_BYPASS_HEADER)).toBe('true');
    expect(headers.get('authorization')).toBe('Bearer t');
    expect(seen[0]?.method).toBe('POST');
  });
});
