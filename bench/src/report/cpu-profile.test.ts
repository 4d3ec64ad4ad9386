import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageOf, summariseProfile } from './cpu-profile.ts';

describe('packageOf', () => {
  it('names the package a script belongs to', () => {
    expect(packageOf('file:///w/node_modules/socket.io-parser/build/cjs/index.js', 'encode')).toBe('socket.io-parser');
    expect(packageOf('file:///w/node_modules/@fastify/cors/index.js', 'x')).toBe('@fastify/cors');
    expect(packageOf('file:///w/packages/server/dist/store/group-commit.js', 'flush')).toBe('parley server');
    expect(packageOf('node:internal/streams/writable', 'write')).toBe('node (internals)');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});

describe('summariseProfile', () => {
  it('adds up self time per function and per package from the samples', async () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('(idle)', '') },
        { id: 3, callFrame: frame('encode', 'file:///w/node_modules/socket.io-parser/index.js') },
        { id: 4, callFrame: frame('commit', 'file:///w/packages/server/dist/store/sqlite.js') },
      ],
      startTime: 0,
      endTime: 4000,
      samples: [3, 3, 4, 2, 3],
      // V8 stores the delay before each sample; a sample's duration is the next delta.
      timeDeltas: [0, 1000, 1000, 1000, 1000],
    };
    const dir = await mkdtemp(join(tmpdir(), 'profile-test-'));
    await writeFile(join(dir, 'p.cpuprofile'), JSON.stringify(profile));
    const summary = await summariseProfile(join(dir, 'p.cpuprofile'));
    expect(summary.totalMs).toBe(4);
    expect(summary.busyMs).toBe(3);
    expect(summary.byPackage[0]).toMatchObject({ name: 'socket.io-parser', ms: 2, share: 0.5 });
    expect(summary.topFunctions.map((f) => f.name)).toContain('commit packages/server/dist/store/sqlite.js:1');
  });
});
