import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const built = readFileSync(new URL('../dist/widget.js', import.meta.url), 'utf8');

describe('widget.js as built', () => {
  it('stays small: at most 15 KB gzipped (docs/embedding.md states the measured size)', () => {
    expect(gzipSync(built, { level: 9 }).length).toBeLessThanOrEqual(15 * 1024);
  });

  it('is one classic script, wrapped so it defines no global but window.Parley', () => {
    expect(built).not.toMatch(/^\s*(import|export)\s/m);
    const body = built.replace(/^"use strict";\s*/, '');
    expect(body.startsWith('(() => {')).toBe(true);
    expect(body.trimEnd().endsWith('})();')).toBe(true);
    expect(built).toContain('host.Parley = {');
  });
});
