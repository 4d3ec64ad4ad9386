/**
 * Runs the chosen scenarios against the chosen targets, alternating targets
 * within each scenario (and reversing the order every other round) so that
 * Parley and the baselines share the machine's conditions as closely as a
 * shared machine allows. Each run gets a freshly started server.
 */
import os from 'node:os';
import type { FloodRecord } from './abuse/flood-window.ts';
import type { BenchSizes } from './config/sizes.ts';
import { MachineLoad, machineInfo, type MachineInfo } from './metrics/machine.ts';
import type { DeliveryChecks, Metric, Scenario } from './scenarios/scenario.ts';
import { freePort } from '../../deploy/cluster/free-port.ts';
import { describeFailure } from './report/describe-failure.ts';
import { launchTarget } from './targets/launch.ts';
import type { ClientKind, TargetName } from './targets/target.ts';

export interface RunnerOptions {
  sizes: BenchSizes;
  scenarios: readonly Scenario[];
  targets: readonly TargetName[];
  rounds: number;
  client: ClientKind;
  /**
   * When set, scenario 1 runs once more on Parley with `--cpu-prof` writing
   * here, after the measured runs: profiling slows the server down, so the
   * profiled run never feeds the table.
   */
  cpuProfileDir?: string;
  quick: boolean;
  log: (line: string) => void;
}

/** No single run (set-up included) may take longer than this; a hung run is recorded as failed. */
const RUN_TIMEOUT_MS = { quick: 90_000, full: 300_000 } as const;

/** One scenario run on one target, as stored in the results file. */
export interface RunRecord {
  target: TargetName;
  round: number;
  metrics: Metric[];
  checks: DeliveryChecks;
  notes: string[];
  /** The abuse scenario's per-flood record. */
  floods?: FloodRecord[];
  /** Cores the whole machine kept busy during the run (server + bench + everyone else). */
  machineBusyCores: number;
  /** Of those, cores the hypervisor ran other guests on (steal); absent in results written before it was recorded. */
  machineStolenCores?: number;
  seconds: number;
  /** Set when the run failed; its metrics are then empty. */
  error?: string;
}

export interface ScenarioRecord {
  id: number;
  name: string;
  title: string;
  description: string;
  /** Targets the scenario applies to (those not run for lack of `--targets` are still listed). */
  targets: TargetName[];
  runs: RunRecord[];
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  client: ClientKind;
  rounds: number;
  sizes: BenchSizes;
  scenarios: ScenarioRecord[];
  /** The extra, profiled run of scenario 1 on Parley (see `cpuProfileDir`). */
  profiledRun?: RunRecord;
}

export async function runBench(options: RunnerOptions): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const scenarios: ScenarioRecord[] = [];
  for (const scenario of options.scenarios) {
    const record: ScenarioRecord = { id: scenario.id, name: scenario.name, title: scenario.title, description: scenario.description, targets: [...scenario.targets], runs: [] };
    scenarios.push(record);
    const targets = options.targets.filter((t) => scenario.targets.includes(t));
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const name of order) record.runs.push(await runOne(scenario, name, round, options, []));
    }
  }
  const profiled = options.cpuProfileDir ? options.scenarios.find((s) => s.id === 1) : undefined;
  const profiledRun = profiled && options.targets.includes('parley')
    ? await runOne(profiled, 'parley', 0, options, ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`])
    : undefined;
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: options.quick,
    machine,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    client: options.client,
    rounds: options.rounds,
    sizes: options.sizes,
    scenarios,
    ...(profiledRun ? { profiledRun } : {}),
  };
}

/** The run's record of how busy the machine was, and how much of that was stolen. */
function machineLoad(load: MachineLoad): Pick<RunRecord, 'machineBusyCores' | 'machineStolenCores'> {
  const { busyCores, stolenCores } = load.stop();
  return { machineBusyCores: round2(busyCores), machineStolenCores: round2(stolenCores) };
}

async function runOne(scenario: Scenario, name: TargetName, round: number, options: RunnerOptions, nodeFlags: string[]): Promise<RunRecord> {
  const tag = nodeFlags.length ? ` ${nodeFlags[0]}` : '';
  const log = (line: string) => options.log(`[${scenario.id} ${scenario.name} · ${name}${tag}] ${line}`);
  const launchOptions = { client: options.client, setupConcurrency: options.sizes.setupConcurrency, clusterNodes: options.sizes.cluster.nodes };
  const started = performance.now();
  const load = new MachineLoad();
  const extra: Array<{ stop(): Promise<void> }> = [];
  let target;
  try {
    const inspectorPort = scenario.inspect ? await freePort() : undefined;
    target = await launchTarget(name, { ...launchOptions, nodeFlags, ...(inspectorPort ? { inspectorPort } : {}) });
    const timeoutMs = options.quick ? RUN_TIMEOUT_MS.quick : RUN_TIMEOUT_MS.full;
    let timer: NodeJS.Timeout | undefined;
    const run = await Promise.race([
      scenario.run({
        target,
        sizes: options.sizes,
        log,
        launch: async (other, more) => {
          const launched = await launchTarget(other, { ...launchOptions, ...(more?.env ? { env: more.env } : {}) });
          extra.push(launched);
          return launched;
        },
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`run exceeded ${timeoutMs / 1000}s`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const seconds = (performance.now() - started) / 1000;
    log(`done in ${seconds.toFixed(1)}s: ${run.metrics.map((m) => `${m.label} ${m.value} ${m.unit}`).join(', ')}`);
    return { ...run, round, ...machineLoad(load), seconds: round2(seconds) };
  } catch (error) {
    const message = describeFailure(error);
    log(`FAILED: ${message}`);
    // The stack too, on stderr: a failed round is otherwise known by its message alone.
    console.error(error);
    return {
      target: name,
      round,
      metrics: [],
      checks: { sent: 0, acked: 0, expected: 0, delivered: 0, lost: 0, errors: 1 },
      notes: [],
      ...machineLoad(load),
      seconds: round2((performance.now() - started) / 1000),
      error: message,
    };
  } finally {
    await Promise.all(extra.map((t) => t.stop().catch(() => {})));
    await target?.stop().catch(() => {});
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
