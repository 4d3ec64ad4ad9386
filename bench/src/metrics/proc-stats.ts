/**
 * CPU and memory of a server's processes, read from /proc (Linux only, like
 * the machines this runs on). Reading /proc costs the server nothing, and it
 * measures Parley, a Parley cluster and the baselines the same way.
 */
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second for utime/stime; 100 on every Linux we run on, asked once anyway. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used, in seconds. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3 → index 0, so utime (14) is index 11, stime (15) index 12.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size of a process, in bytes. */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** What a {@link CpuSampler} saw over its window. */
export interface CpuWindow {
  /** CPU-seconds used during the window (summed over the processes). */
  cpuSeconds: number;
  wallSeconds: number;
  /** Highest CPU use over any one sample interval, in cores (1 = one core busy). */
  peakCores: number;
  /** Highest RSS seen (summed over the processes), in bytes. */
  peakRss: number;
}

/**
 * Samples the CPU and RSS of a server — one process, or every node of a
 * cluster, summed — at a fixed interval, to report a window's total and its
 * peak. The process may exit mid-window (scenario 4 restarts the server):
 * `retarget` points the sampler at the new pid.
 */
export class CpuSampler {
  #pids: readonly number[];
  #timer: NodeJS.Timeout | undefined;
  #startWall = 0;
  #lastWall = 0;
  #lastCpu = 0;
  #total = 0;
  #peakCores = 0;
  #peakRss = 0;
  readonly #intervalMs: number;

  constructor(pids: number | readonly number[], intervalMs = 250) {
    this.#pids = typeof pids === 'number' ? [pids] : pids;
    this.#intervalMs = intervalMs;
  }

  async start(): Promise<void> {
    this.#startWall = this.#lastWall = performance.now();
    this.#lastCpu = await totalCpuSeconds(this.#pids);
    this.#timer = setInterval(() => void this.#sample(), this.#intervalMs);
  }

  /** Follows a restarted server: CPU already counted stays counted. */
  async retarget(pid: number): Promise<void> {
    this.#pids = [pid];
    this.#lastWall = performance.now();
    this.#lastCpu = await totalCpuSeconds(this.#pids).catch(() => 0);
  }

  async stop(): Promise<CpuWindow> {
    clearInterval(this.#timer);
    await this.#sample();
    return {
      cpuSeconds: this.#total,
      wallSeconds: (performance.now() - this.#startWall) / 1000,
      peakCores: this.#peakCores,
      peakRss: this.#peakRss,
    };
  }

  async #sample(): Promise<void> {
    const pids = this.#pids;
    let cpu: number;
    let rss: number;
    try {
      [cpu, rss] = await Promise.all([totalCpuSeconds(pids), Promise.all(pids.map(rssBytes)).then(sum)]);
    } catch {
      return; // a process is gone or restarting
    }
    if (pids !== this.#pids) return;
    const now = performance.now();
    const used = Math.max(0, cpu - this.#lastCpu);
    const wall = (now - this.#lastWall) / 1000;
    this.#total += used;
    // Tick granularity (10 ms) makes very short intervals noisy; only count full ones.
    if (wall >= this.#intervalMs / 2000) this.#peakCores = Math.max(this.#peakCores, used / wall);
    this.#peakRss = Math.max(this.#peakRss, rss);
    this.#lastCpu = cpu;
    this.#lastWall = now;
  }
}

/** CPU-seconds used so far by all of `pids` together. */
async function totalCpuSeconds(pids: readonly number[]): Promise<number> {
  return sum(await Promise.all(pids.map(cpuSeconds)));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
