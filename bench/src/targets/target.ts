/**
 * A server under test, as the scenarios see it. Parley and the two baselines
 * answer the same calls, so each scenario is written once.
 */
import type { BenchConnection } from '../load/connection.ts';

export const TargetNames = ['parley', 'socketio', 'ws'] as const;
export type TargetName = (typeof TargetNames)[number];

/** How the table and chart name each target. */
export const TargetLabels: Readonly<Record<TargetName, string>> = {
  parley: 'Parley',
  socketio: 'bare Socket.IO',
  ws: 'bare ws',
};

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

/** What a server says about itself; each field is absent when the target cannot tell. */
export interface TargetStats {
  heapUsed?: number;
  /** Event-loop delay since the previous call, in seconds. */
  eventLoop?: { p50: number; p99: number; max: number };
}

export interface Target {
  readonly name: TargetName;
  readonly url: string;
  /** The server process, for /proc readings. Changes when Parley restarts. */
  readonly pid: number;
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
