import { describe, expect, it } from 'vitest';
import { parseProcStatCpu } from './machine.ts';

describe('parseProcStatCpu', () => {
  it('counts steal as busy and reports it apart; idle and iowait are not busy', () => {
    //                 user nice system idle iowait irq softirq steal guest guest_nice
    const line = 'cpu  100 5 50 800 20 3 2 40 0 0';
    expect(parseProcStatCpu(line)).toEqual({ busy: 100 + 5 + 50 + 3 + 2 + 40, stolen: 40, total: 1020 });
  });

  it('reads a kernel line without a steal column as no steal', () => {
    expect(parseProcStatCpu('cpu 10 0 10 80 0 0 0')).toEqual({ busy: 20, stolen: 0, total: 100 });
  });
});
