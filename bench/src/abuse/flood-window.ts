/**
 * One measured window of the abuse scenario, quiet or flooded: the victim's
 * latencies, the server's CPU and event-loop delay, what the server counted
 * (/metrics) and the attacker's CPU, all over the same span. A flood record
 * pairs the quiet window just before a flood with the flood's own window.
 */
import { MachineLoad } from '../metrics/machine.ts';
import { cpuSeconds, CpuSampler } from '../metrics/proc-stats.ts';
import type { Target } from '../targets/target.ts';
import type { AttackReport, FloodName } from './flood.ts';
import { countersDelta, readServer, type ServerCounters } from './server-counters.ts';
import type { Victim, VictimWindow } from './victim.ts';

export interface WindowRecord {
  victim: VictimWindow;
  /** The server's CPU over the window, in cores. */
  serverCores: number;
  /** The server's event-loop delay within the window (prom-client's histogram, 10 ms resolution). */
  eventLoop: { p99Ms: number; maxMs: number };
  /** What the server counted within the window. */
  server: ServerCounters;
  /** The attacker process's CPU over the window, in cores (near 0 while it waits, before its flood). */
  attackerCores: number;
  /** Cores the whole machine kept busy over the window: server, attacker, victim and anyone else. */
  machineCores: number;
}

/** One flood: the quiet window before it and its own window, and the attacker's report. */
export interface FloodRecord {
  flood: FloodName;
  title: string;
  /** The client address the flood came from (`X-Forwarded-For`). */
  address: string;
  quiet: WindowRecord;
  during: WindowRecord;
  attacker: AttackReport;
}

export interface WindowOptions {
  target: Target;
  victim: Victim;
  seconds: number;
  attackerPid: number;
  /** Runs just before the victim's window opens (the flood starts). */
  start?: () => Promise<void>;
  /** Runs as the victim's window closes (the flood stops). */
  end?: () => void;
}

/** Measures one window of `seconds`. */
export async function measureWindow(options: WindowOptions): Promise<WindowRecord> {
  const { target, victim, seconds, attackerPid } = options;
  // This scrape also resets the event-loop histogram: the closing scrape reads the window alone.
  const before = await readServer(target.url);
  const sampler = new CpuSampler(target.serverPids);
  await sampler.start();
  const attackerBefore = await cpuSeconds(attackerPid);
  const machine = new MachineLoad();
  await options.start?.();
  let machineCores = Number.NaN;
  let closing: Promise<[Awaited<ReturnType<typeof readServer>>, Awaited<ReturnType<CpuSampler['stop']>>, number]> | undefined;
  const victimWindow = await victim.measure(seconds, () => {
    machineCores = machine.stop().busyCores;
    closing = Promise.all([readServer(target.url), sampler.stop(), cpuSeconds(attackerPid)]);
    options.end?.();
  });
  const [after, server, attackerAfter] = await closing!;
  return {
    victim: victimWindow,
    serverCores: server.cpuSeconds / server.wallSeconds,
    eventLoop: after.eventLoop,
    server: countersDelta(before.counters, after.counters),
    attackerCores: (attackerAfter - attackerBefore) / server.wallSeconds,
    machineCores,
  };
}
