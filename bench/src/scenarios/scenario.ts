/**
 * What a scenario is and what it reports. A scenario runs against one target
 * at a time; the runner starts a fresh server for each run and alternates the
 * targets, so every ratio compares runs made minutes apart on the same machine.
 */
import type { FloodRecord } from '../abuse/flood-window.ts';
import type { BenchSizes } from '../config/sizes.ts';
import type { Target, TargetName } from '../targets/target.ts';

/** Whether a bigger number is better, for the ratio columns and the chart. */
export type Better = 'higher' | 'lower';

export interface Metric {
  /** Stable key in the results file, e.g. `deliveredPerSecond`. */
  key: string;
  label: string;
  unit: string;
  value: number;
  better: Better;
}

/** Correctness counts every run reports; the quick test asserts on them. */
export interface DeliveryChecks {
  /** Requests sent (message:send). */
  sent: number;
  /** Sends acked with ok: true. */
  acked: number;
  /** Deliveries expected from the acked sends (acked × receivers). */
  expected: number;
  /** `message:new` events received. */
  delivered: number;
  /** expected − delivered, never below 0. Must be 0. */
  lost: number;
  /** Sends refused or unanswered, connections that failed or dropped. */
  errors: number;
}

export interface ScenarioRun {
  target: TargetName;
  metrics: Metric[];
  checks: DeliveryChecks;
  /** Plain facts worth keeping with the numbers (sizes used, what was skipped). */
  notes: string[];
  /** The abuse scenario's windows, attacker reports and server counters, flood by flood (report/abuse-table.ts). */
  floods?: FloodRecord[];
}

/** Everything a scenario run gets from the runner. */
export interface ScenarioContext {
  /** A started server; the scenario may use it freely and the runner stops it afterwards. */
  target: Target;
  sizes: BenchSizes;
  log: (line: string) => void;
  /** Starts another server of the same kind with extra environment (scenario 6: COMMIT_MODE=single). The scenario stops it. */
  launch: (name: TargetName, extra?: { env?: Record<string, string> }) => Promise<Target>;
}

export interface Scenario {
  id: number;
  /** Short name used on the command line and in the results file. */
  name: string;
  title: string;
  /** One line saying what is measured, printed above the table. */
  description: string;
  /** Targets this scenario applies to (scenario 4 and 6 are Parley-only). */
  targets: readonly TargetName[];
  /** Start each server with its V8 inspector open (to force GC before memory readings). */
  inspect?: boolean;
  run(context: ScenarioContext): Promise<ScenarioRun>;
}

/** Builds a metric, rounding for a readable results file. */
export function metric(key: string, label: string, unit: string, value: number, better: Better): Metric {
  const rounded = Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
  return { key, label, unit, value: rounded, better };
}

/** Checks for a run with `acked` sends each to be delivered `receivers` times. */
export function deliveryChecks(sent: number, acked: number, receivers: number, delivered: number, errors: number): DeliveryChecks {
  const expected = acked * receivers;
  return { sent, acked, expected, delivered, lost: Math.max(0, expected - delivered), errors };
}
