import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.ts';

describe('describeFailure', () => {
  it("names the causes behind undici's bare 'fetch failed', with their codes", () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const error = new TypeError('fetch failed', { cause: reset });
    expect(describeFailure(error)).toBe('fetch failed: other side closed (UND_ERR_SOCKET)');
  });

  it('says what was thrown when it is not an Error', () => {
    expect(describeFailure('the server did not start')).toBe('the server did not start');
  });
});
