import { describe, expect, it } from 'vitest';
import type { BenchResults, RunRecord } from '../runner.ts';
import type { TargetName } from '../targets/target.ts';
import { summarise } from './summary.ts';
import { renderTable } from './table.ts';

function run(target: TargetName, value: number): RunRecord {
  return {
    target,
    round: 0,
    metrics: [{ key: 'perSecond', label: 'msg/s', unit: 'msg/s', value, better: 'higher' }],
    checks: { sent: 1, acked: 1, expected: 1, delivered: 1, lost: 0, errors: 0 },
    notes: [],
    machineBusyCores: 1,
    seconds: 1,
  };
}

function results(targets: TargetName[], runs: RunRecord[]): BenchResults {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    quick: true,
    machine: { cpuModel: 'test', cores: 2, memoryGiB: 1, kernel: 'Linux', node: 'v24', loadAverageAtStart: [0, 0, 0], revision: null },
    loadAverageAtEnd: [0, 0, 0],
    client: 'thin',
    rounds: 1,
    sizes: {} as BenchResults['sizes'],
    scenarios: [{ id: 1, name: 'x', title: 'X', description: '', targets, runs }],
  };
}

describe('summary and table', () => {
  it('computes every ratio whose two targets ran, from the medians', () => {
    const [row] = summarise(results(['parley', 'parley-pg', 'parley-cluster', 'socketio'], [
      run('parley', 400), run('parley', 600), run('parley', 500),
      run('parley-pg', 300), run('parley-cluster', 150), run('socketio', 1000),
    ]));
    expect(row!.values).toEqual({ parley: 500, 'parley-pg': 300, 'parley-cluster': 150, socketio: 1000 });
    expect(row).toMatchObject({ vsSocketIo: 0.5, pgVsSocketIo: 0.3, clusterVsSocketIo: 0.15, pgVsSqlite: 0.6, clusterVsPg: 0.5 });
    expect(row!.vsWs).toBeUndefined();
  });

  it('shows only the targets that ran, and the ratios between them', () => {
    const core = results(['parley', 'socketio', 'ws'], [run('parley', 1), run('socketio', 2), run('ws', 4)]);
    const header = renderTable(core, summarise(core)).split('\n')[0];
    expect(header).toBe('| # | scenario | metric | Parley | bare Socket.IO | bare ws | Parley ÷ Socket.IO | Parley ÷ ws |');
    const stores = results(['parley', 'parley-pg'], [run('parley', 10), run('parley-pg', 6)]);
    const table = renderTable(stores, summarise(stores));
    expect(table.split('\n')[0]).toBe('| # | scenario | metric | Parley | Parley PG | PG ÷ SQLite |');
    expect(table).toContain('| 1 | X | msg/s (msg/s ↑) | 10 | 6 | 0.60× |');
  });
});
