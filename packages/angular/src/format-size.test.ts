import { describe, expect, it } from 'vitest';
import { formatSize } from './format-size.js';

describe('formatSize', () => {
  it('reads like people write sizes', () => {
    expect([formatSize(512), formatSize(1536), formatSize(3 * 1024 * 1024), formatSize(10 * 1024 * 1024)]).toEqual([
      '512 B',
      '1.5 KB',
      '3.0 MB',
      '10.0 MB',
    ]);
  });
});
