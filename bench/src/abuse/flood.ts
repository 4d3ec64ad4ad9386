/**
 * What a flood of the abuse scenario is, as the attacker process runs it:
 * prepared before the quiet window (sign-ins, queries, sockets, all within
 * the limits), started when the flood window opens, stopped when it closes,
 * and then it reports what it did and what the server answered — from the
 * attacker's side. The server's own count comes from its /metrics
 * (server-counters.ts).
 */
import type { AbuseSizes } from '../config/sizes.ts';

/** The floods of issue 14, in the order the scenario runs them. */
export const FloodNames = ['fast-socket', 'many-sockets', 'query-flood', 'idle-connections'] as const;
export type FloodName = (typeof FloodNames)[number];

/** How the report names each flood. */
export const FloodTitles: Readonly<Record<FloodName, string>> = {
  'fast-socket': 'one fast socket',
  'many-sockets': 'many sockets within limits',
  'query-flood': 'query flood',
  'idle-connections': 'idle connections',
};

/** What the attacker process is told: where, from which addresses, how big. */
export interface FloodPlan {
  flood: FloodName;
  /** The server's own address (http://127.0.0.1:port). */
  url: string;
  /** The client address the flood comes from, sent as `X-Forwarded-For`. */
  address: string;
  /** Addresses the attacker signs its visitors in from, {@link VISITORS_PER_ADDRESS} each at most. */
  signInAddresses: string[];
  sizes: AbuseSizes;
}

/**
 * Visitors signed in from one address: below `AUTH_RATE_LIMIT` (60 a minute per address on /api/auth/*), so
 * the attacker's preparation is never refused. An attacker needing more visitors uses more addresses.
 */
export const VISITORS_PER_ADDRESS = 50;

/** What the attacker reports when its flood stops. */
export interface AttackReport {
  /** How long the flood ran. */
  seconds: number;
  /** The flood's headline: what it sent, per second of the flood. */
  rate: { label: string; unit: string; perSecond: number };
  /** What it did and what the server answered, by kind (`typing frames written`, `connect refused: quota_exceeded`, …). */
  counts: Record<string, number>;
}

/** One flood, run inside the attacker process. */
export interface Flood {
  /** Everything the flood needs before it starts; none of it is a flood. */
  prepare(): Promise<void>;
  /** Starts flooding and returns at once. */
  start(): void;
  /** Stops, closes everything it opened, and reports. */
  stop(): Promise<AttackReport>;
}

/** Counts by kind, in the order kinds first appear. */
export class Tally {
  readonly #counts = new Map<string, number>();

  add(kind: string, n = 1): void {
    this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + n);
  }

  get(kind: string): number {
    return this.#counts.get(kind) ?? 0;
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}

/** A short, stable name for why the server refused something: its error code, or an engine refusal's text. */
export function refusalKind(error: unknown): string {
  const data = (error as { data?: { code?: string; message?: string; status?: number } } | undefined)?.data;
  if (data?.code) return data.code;
  if (data?.status) return `HTTP ${data.status} "${data.message ?? ''}"`;
  return error instanceof Error ? error.message.replace(/\d+(\.\d+)?/g, 'N') : String(error);
}

/** The body of every attacker message and query: the most the server accepts, so each costs it the most. */
export function attackBody(chars: number): string {
  return 'x'.repeat(Math.max(1, chars));
}
