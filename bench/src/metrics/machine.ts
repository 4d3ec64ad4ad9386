/**
 * The machine a run was made on, and how busy it was: absolute numbers drift
 * on a shared machine, so every result carries the load it was measured under.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  /** 1/5/15-minute load averages when the run started. */
  loadAverageAtStart: number[];
  /** The commit measured, and whether the working tree had changes on top of it. */
  revision: { commit: string; dirty: boolean } | null;
}

function gitRevision(): MachineInfo['revision'] {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    revision: gitRevision(),
  };
}

/**
 * Busy, stolen and total jiffies of the whole machine, from the first line of /proc/stat (`cpu user nice system
 * idle iowait irq softirq steal …`): idle and iowait are not busy; steal — time the hypervisor ran another guest
 * on this one's CPU — is counted busy, and apart.
 */
export function parseProcStatCpu(line: string): { busy: number; stolen: number; total: number } {
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, stolen: values[7] ?? 0, total };
}

function machineJiffies(): { busy: number; stolen: number; total: number } {
  return parseProcStatCpu(readFileSync('/proc/stat', 'utf8').split('\n')[0]!);
}

/** Measures how many cores the whole machine kept busy between start and stop, and how many of them were stolen. */
export class MachineLoad {
  #start = machineJiffies();

  /**
   * Busy cores averaged over the window (all processes: server, bench, and other people's work), and of them those
   * the hypervisor gave to other guests (steal): a round with steal reads slower than the code it measures
   * (docs/performance.md, "Limits of these numbers").
   */
  stop(): { busyCores: number; stolenCores: number } {
    const end = machineJiffies();
    const total = end.total - this.#start.total;
    if (total <= 0) return { busyCores: 0, stolenCores: 0 };
    const cores = os.cpus().length;
    return { busyCores: ((end.busy - this.#start.busy) / total) * cores, stolenCores: ((end.stolen - this.#start.stolen) / total) * cores };
  }
}
