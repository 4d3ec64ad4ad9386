import { describe, expect, it } from 'vitest';
import { applyOverrides, FULL_SIZES } from './sizes.ts';
import { parseCli } from './cli.ts';

describe('size overrides', () => {
  it('applies flags over environment variables over the defaults', () => {
    const sizes = applyOverrides(FULL_SIZES, new Map([['openLoop.customers', '2000']]), {
      BENCH_OPENLOOP_CUSTOMERS: '3000',
      BENCH_IDLE_CONNECTIONS: '500',
      BENCH_SETUPCONCURRENCY: '10',
    });
    expect(sizes.openLoop.customers).toBe(2000);
    expect(sizes.idle.connections).toBe(500);
    expect(sizes.setupConcurrency).toBe(10);
    expect(FULL_SIZES.openLoop.customers).toBe(5000); // the defaults are not mutated
  });

  it('refuses an unknown size or a value that is not a number', () => {
    expect(() => applyOverrides(FULL_SIZES, new Map([['openLoop.custmers', '1']]), {})).toThrow(/unknown size/);
    expect(() => applyOverrides(FULL_SIZES, new Map([['idle.connections', 'many']]), {})).toThrow(/not a number/);
  });
});

describe('command line', () => {
  it('reads scenarios, targets, rounds and sizes', () => {
    const options = parseCli(['--quick', '--scenarios=1,idle', '--targets=parley,ws', '--rounds=3', '--fanOut.agents=50'], {});
    expect(options).toMatchObject({ quick: true, scenarios: ['1', 'idle'], targets: ['parley', 'ws'], rounds: 3 });
    expect(options.sizes.fanOut.agents).toBe(50);
    expect(options.sizes.conversations.pairs).toBeLessThan(FULL_SIZES.conversations.pairs);
  });

  it('refuses an unknown target or option', () => {
    expect(() => parseCli(['--targets=nginx'], {})).toThrow(/unknown target/);
    expect(() => parseCli(['--fast'], {})).toThrow(/unknown option/);
  });
});
