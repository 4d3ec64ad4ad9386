import { describe, expect, it } from 'vitest';
import { diffReadings, parseCommandStats, parseCpuSeconds } from './redis-window.ts';

const commandStats = `# Commandstats\r
cmdstat_xadd:calls=120,usec=900,usec_per_call=7.50,rejected_calls=0,failed_calls=0\r
cmdstat_client|list:calls=3,usec=40,usec_per_call=13.33,rejected_calls=0,failed_calls=0\r
cmdstat_evalsha:calls=7,usec=70,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r
`;

describe('Redis window', () => {
  it('reads calls per command, subcommands included', () => {
    expect(parseCommandStats(commandStats)).toEqual(new Map([['xadd', 120], ['client|list', 3], ['evalsha', 7]]));
  });

  it('reads Redis CPU as system plus user seconds', () => {
    expect(parseCpuSeconds('# CPU\r\nused_cpu_sys:1.500000\r\nused_cpu_user:2.250000\r\nused_cpu_sys_children:9.0\r\n')).toBe(3.75);
  });

  it('diffs two readings, most-run command first, commands that did not run left out', () => {
    const before = { byCommand: new Map([['xadd', 100], ['evalsha', 7]]), cpuSeconds: 1, streamEntries: 40 };
    const after = { byCommand: new Map([['xadd', 160], ['evalsha', 7], ['xread', 5]]), cpuSeconds: 1.5, streamEntries: 100 };
    const usage = diffReadings(before, after);
    expect(Object.entries(usage.byCommand)).toEqual([['xadd', 60], ['xread', 5]]);
    expect(usage).toMatchObject({ commands: 65, cpuSeconds: 0.5, streamEntries: 60 });
  });
});
