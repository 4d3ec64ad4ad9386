/**
 * A server under test, as the scenarios see it. Parley and the two baselines
 * answer the same calls, so each scenario is written once.
 */
import type { BenchConnection } from '../load/connection.ts';

/**
 * Every target, in the order of the table's columns: Parley as shipped (one process, embedded SQLite), one
 * Parley process on PostgreSQL, a Parley cluster (nodes on PostgreSQL and Redis behind HAProxy with TLS), the
 * two baselines, and Parley on SQLite with its default limits on (the abuse scenario's only target: every other
 * Parley target turns the limits off, since one bench process plays thousands of users from one address).
 */
export const TargetNames = ['parley', 'parley-event-loop', 'parley-pg', 'parley-cluster', 'socketio', 'ws', 'parley-defaults'] as const;
export type TargetName = (typeof TargetNames)[number];

/** The targets compared with each other: scenario 1 runs on all of them. */
export const ComparedTargets = ['parley', 'parley-event-loop', 'parley-pg', 'parley-cluster', 'socketio', 'ws'] as const satisfies readonly TargetName[];

/**
 * Parley as shipped and the two baselines: the targets of every scenario that compares against a baseline.
 * The PostgreSQL and cluster targets only join the scenarios that are about them (1 and 6): the others measure
 * one process's latency, memory and resume, which the store behind it does not change much, and each extra
 * target adds minutes to a full run.
 */
export const CoreTargets = ['parley', 'parley-event-loop', 'socketio', 'ws'] as const satisfies readonly TargetName[];

/** How the table and chart name each target. */
export const TargetLabels: Readonly<Record<TargetName, string>> = {
  parley: 'Parley',
  'parley-pg': 'Parley PG',
  'parley-cluster': 'Parley cluster',
  socketio: 'bare Socket.IO',
  ws: 'bare ws',
  'parley-defaults': 'Parley, default limits',
  'parley-event-loop': 'Parley, store on the event loop',
};

/**
 * Targets that run only when named in `--targets`: `parley-event-loop` — Parley with its embedded store on the
 * event loop (`SQLITE_THREAD=main`), as before the store moved to a worker thread, for a before/after in one run.
 * (`parley-defaults` needs no such rule: only the abuse scenario runs on it, and that only when named.)
 */
export const OnlyWhenNamed: readonly TargetName[] = ['parley-event-loop'];

/** Which client talks to the Socket.IO-speaking targets (Parley and the Socket.IO baseline). */
export type ClientKind = 'thin' | 'socket.io-client';

/** One conversation: a customer and the query (room) both sides join. */
export interface ConversationSeed {
  queryId: string;
  /** Parley: the customer's JWT. Baselines: unused. */
  customerToken: string;
  /**
   * Parley, with `assignedAgents`: the JWT of the agent account the query is assigned to.
   * Absent: agents connect as the one bench admin. Baselines: unused.
   */
  agentToken?: string;
}

export interface ConversationOptions {
  /** false: only the customers exist (`queryId` is empty). Default true. */
  queries?: boolean;
  /** Give each query its own agent account and assign the query to it (Parley; the baselines have no accounts). */
  assignedAgents?: boolean;
}

/**
 * What a target counts about itself over a scenario's measured window, beyond its processes' CPU. Each field is
 * absent when the target has no such thing (the baselines have none of them).
 */
export interface WindowCounters {
  /** Message-append commits and the messages they held (Parley's `parley_commit_batch_size`, summed over nodes). */
  commits?: number;
  committedMessages?: number;
  /** PostgreSQL: CPU-seconds of the backends serving this target's database (the store's work Parley hands over). */
  databaseCpuSeconds?: number;
  /** PostgreSQL: WAL written by the whole server (other databases on it included). */
  walBytes?: number;
  /** The cluster's Redis, shared with anyone else using it: see {@link RedisUsage}. */
  redis?: RedisUsage;
  /** CPU-seconds of the load balancer (HAProxy). */
  proxyCpuSeconds?: number;
}

export interface RedisUsage {
  /** Commands the whole Redis ran (INFO commandstats), by lower-case command name; other users' included. */
  byCommand: Record<string, number>;
  commands: number;
  /** Redis's own CPU-seconds (INFO cpu; other users' load included). */
  cpuSeconds: number;
  /** Entries added to this cluster's broadcast stream (exact: XINFO STREAM entries-added under its prefix). */
  streamEntries: number;
}

/** What a server says about itself; each field is absent when the target cannot tell. */
export interface TargetStats {
  heapUsed?: number;
  /** Event-loop delay since the previous call, in seconds. */
  eventLoop?: { p50: number; p99: number; max: number };
}

export interface Target {
  readonly name: TargetName;
  readonly url: string;
  /** The server process, for /proc readings. Changes when Parley restarts. A cluster: its first node. */
  readonly pid: number;
  /** Every process whose CPU is the server's: `[pid]`, or each node of a cluster (not its load balancer). */
  readonly serverPids: readonly number[];
  /** Port of the server's V8 inspector, when it was started with one (scenario 3). */
  readonly inspectorPort: number | undefined;
  /**
   * Creates `count` conversations (Parley: visitors and their queries over REST; with `assignedAgents`, also one
   * agent account per query, signed in, and the query assigned to it).
   */
  createConversations(count: number, options?: ConversationOptions): Promise<ConversationSeed[]>;
  /** Connects as the conversation's customer (/chat). */
  connectCustomer(seed: ConversationSeed): Promise<BenchConnection>;
  /** Connects as an agent (/admin): the seed's own agent when it has one, else the bench admin. */
  connectAgent(seed?: ConversationSeed): Promise<BenchConnection>;
  stats(): Promise<TargetStats>;
  /** Starts counting {@link WindowCounters}; the function returned ends the window and reads them. */
  openWindow?(): Promise<() => Promise<WindowCounters>>;
  stop(): Promise<void>;
}

/** The ack every target answers `query:join`/`message:send` with, as far as the bench reads it. */
export interface BenchAck {
  ok: boolean;
  error?: { code: string; message: string };
  message?: { seq: number; clientId: string };
}

/** Throws unless an ack says ok, so a refused request is never counted as a success. */
export function expectOk(ack: unknown, what: string): BenchAck {
  const value = ack as BenchAck;
  if (!value || value.ok !== true) throw new Error(`${what} refused: ${JSON.stringify(value?.error ?? value)}`);
  return value;
}
