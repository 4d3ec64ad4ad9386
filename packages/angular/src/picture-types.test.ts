import { ATTACHMENT_TYPES } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { isPicture, PICTURE_TYPES } from './picture-types.js';

describe('isPicture', () => {
  it('is true for the accepted picture types only', () => {
    expect(PICTURE_TYPES).toEqual(ATTACHMENT_TYPES.filter((type) => type !== 'application/pdf'));
    expect(isPicture('image/png')).toBe(true);
    expect(isPicture('application/pdf')).toBe(false);
    // Not accepted by the server, so never a thumbnail (an SVG could carry script).
    expect(isPicture('image/svg+xml')).toBe(false);
  });
});
