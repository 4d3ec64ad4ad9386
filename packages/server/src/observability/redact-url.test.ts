import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('hides the values of credential-like parameters, keeps the rest as it was', () => {
    expect(redactUrl('/api/attachments/a?token=eyJ.x.y&download=1')).toBe('/api/attachments/a?token=[redacted]&download=1');
    expect(redactUrl('/socket.io/?EIO=4&transport=polling&Access_Token=abc')).toBe('/socket.io/?EIO=4&transport=polling&Access_Token=[redacted]');
    expect(redactUrl('/x?resumeKey=k&signature=s&q=token')).toBe('/x?resumeKey=[redacted]&signature=[redacted]&q=token');
    expect(redactUrl('/plain')).toBe('/plain');
    expect(redactUrl('/x?%74oken=t')).toBe('/x?%74oken=[redacted]');
  });
});
