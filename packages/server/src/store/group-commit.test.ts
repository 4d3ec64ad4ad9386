import { describe, expect, it } from 'vitest';
import { GroupCommitQueue } from './group-commit.js';

describe('GroupCommitQueue', () => {
  it('commits items enqueued in the same turn together and resolves each after its commit', async () => {
    const batches: number[][] = [];
    const q = new GroupCommitQueue<number, number>((items) => {
      batches.push(items);
      return items.map((i) => ({ ok: true, value: i * 10 }));
    }, { mode: 'group', maxBatch: 100, delayMs: 0 });
    const results = await Promise.all([1, 2, 3].map((i) => q.enqueue(i)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(q.stats).toEqual({ commits: 1, items: 3, largestBatch: 3, groupedCommits: 1 });
  });

  it('splits at maxBatch and commits one by one in single mode', async () => {
    const sizes: number[] = [];
    const commit = (items: number[]) => items.map((i) => ({ ok: true as const, value: i }));
    const grouped = new GroupCommitQueue<number, number>(commit, { mode: 'group', maxBatch: 2, delayMs: 0 }, (n) => sizes.push(n));
    await Promise.all([1, 2, 3, 4, 5].map((i) => grouped.enqueue(i)));
    expect(sizes).toEqual([2, 2, 1]);
    const single = new GroupCommitQueue<number, number>(commit, { mode: 'single', maxBatch: 99, delayMs: 0 });
    await Promise.all([1, 2, 3].map((i) => single.enqueue(i)));
    expect(single.stats.commits).toBe(3);
  });

  it('fails only the refused item, and every item when the commit itself throws', async () => {
    const q = new GroupCommitQueue<number, number>(
      (items) => items.map((i) => (i === 2 ? { ok: false, error: new Error('no') } : { ok: true, value: i })),
      { mode: 'group', maxBatch: 10, delayMs: 0 },
    );
    const settled = await Promise.allSettled([1, 2, 3].map((i) => q.enqueue(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const broken = new GroupCommitQueue<number, number>(() => {
      throw new Error('disk full');
    }, { mode: 'group', maxBatch: 10, delayMs: 0 });
    const all = await Promise.allSettled([1, 2].map((i) => broken.enqueue(i)));
    expect(all.every((s) => s.status === 'rejected')).toBe(true);
    expect(broken.stats.commits).toBe(0);
  });

  it('waits delayMs before flushing when configured, and flush() commits at once', async () => {
    let committed = 0;
    const q = new GroupCommitQueue<number, number>((items) => {
      committed += items.length;
      return items.map((i) => ({ ok: true, value: i }));
    }, { mode: 'group', maxBatch: 10, delayMs: 10_000 });
    const p = q.enqueue(1);
    await new Promise((r) => setImmediate(r));
    expect(committed).toBe(0);
    await q.flush();
    expect(await p).toBe(1);
    expect(committed).toBe(1);
  });

  it('with an asynchronous commit, keeps one batch in flight and makes the next of whatever arrived meanwhile, in call order', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const q = new GroupCommitQueue<number, number>(async (items) => {
      batches.push(items);
      if (items[0] === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((i) => ({ ok: true, value: i }));
    }, { mode: 'group', maxBatch: 100, delayMs: 0 });
    const first = q.enqueue(1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4].map((i) => q.enqueue(i));
    await new Promise((r) => setImmediate(r));
    // Still waiting for the first commit: nothing else has started.
    expect(batches).toEqual([[1]]);
    expect(q.pending).toBe(4);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(q.pending).toBe(0);
  });

  it('fails every item of an asynchronous batch that rejects, and flush() waits for the commit in flight', async () => {
    let fail = true;
    const q = new GroupCommitQueue<number, number>(async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('connection lost');
      return items.map((i) => ({ ok: true, value: i }));
    }, { mode: 'group', maxBatch: 100, delayMs: 0 });
    const broken = await Promise.allSettled([1, 2].map((i) => q.enqueue(i)));
    expect(broken.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    const ok = q.enqueue(3);
    await q.flush();
    expect(q.pending).toBe(0);
    expect(await ok).toBe(3);
  });

  it('with two batches allowed in flight, hands the next batch over while the first commits, and settles each after its own commit', async () => {
    const { q, batches, releases } = heldCommits({ maxInFlight: 2, minBatch: 2 });
    const first = q.enqueue(1);
    await new Promise((r) => setImmediate(r));
    const second = [2, 3].map((i) => q.enqueue(i));
    await new Promise((r) => setImmediate(r));
    const third = [4, 5].map((i) => q.enqueue(i));
    await new Promise((r) => setImmediate(r));
    // Two under way; the third waits for one of them to end.
    expect(batches).toEqual([[1], [2, 3]]);
    let secondDone = false;
    void Promise.all(second).then(() => (secondDone = true));
    releases[0]!();
    expect(await first).toBe(1);
    expect(secondDone).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
    releases[1]!();
    releases[2]!();
    expect(await Promise.all([...second, ...third])).toEqual([2, 3, 4, 5]);
    await q.flush();
    expect(q.pending).toBe(0);
  });

  it('while a batch is under way, hands over the next only once minBatch items wait', async () => {
    const { q, batches, releases } = heldCommits({ maxInFlight: 2, minBatch: 3 });
    const all = [q.enqueue(1)];
    await new Promise((r) => setImmediate(r));
    all.push(q.enqueue(2), q.enqueue(3));
    await new Promise((r) => setImmediate(r));
    // Two waiting, fewer than minBatch: they wait for the first commit.
    expect(batches).toEqual([[1]]);
    all.push(q.enqueue(4));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    for (const release of releases.splice(0)) release();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
  });
});

/** A pipelined queue whose every commit waits until the test releases it (releases[n] ends batch n). */
function heldCommits(pipeline: { maxInFlight: number; minBatch: number }) {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const q = new GroupCommitQueue<number, number>(async (items) => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((i) => ({ ok: true, value: i }));
  }, { mode: 'group', maxBatch: 100, delayMs: 0 }, () => {}, pipeline);
  return { q, batches, releases };
}
