/**
 * The outbox state machine, pure: what happens to a message between `send()`
 * and the server's ack. The client wires it to the socket and to storage
 * (outbox.ts); everything that decides lives here so it is tested without either.
 *
 *   pending ──emit──▶ sending ──ack ok──▶ (removed: the stored message takes over, "sent")
 *      ▲                 │
 *      │   link lost,    ├── rate_limited / unavailable ──▶ pending (notBefore = later)
 *      └── ack timeout ──┘
 *                        └── forbidden / not_found / invalid_payload / … ──▶ failed (retry() → pending)
 */
import type { ErrorBody, UserRef } from '@parley/protocol';
import { backoffCeiling, type BackoffOptions } from '../connection/backoff.js';

export type OutboxEntryState = 'pending' | 'sending' | 'failed';

export interface OutboxEntry {
  /** The idempotency key, sent unchanged on every attempt so the server stores the message once. */
  readonly clientId: string;
  readonly queryId: string;
  readonly body: string;
  readonly internal: boolean;
  readonly attachmentIds: readonly string[];
  readonly author: UserRef;
  /** Local time of `send()`, shown until the server's time replaces it. */
  readonly createdAt: string;
  readonly state: OutboxEntryState;
  /** failed: why, for good. pending: why it is waiting (e.g. rate_limited), if it is. */
  readonly error?: ErrorBody;
  /** Epoch ms before which it is not sent again (rate limit, server unavailable). */
  readonly notBefore: number;
  readonly attempts: number;
  /**
   * `unavailable`/`internal` refusals in a row (the backoff's step, and `internal`'s limit): rate limits and lost
   * acks say nothing about the server's health and do not count.
   */
  readonly failures?: number;
  /**
   * The user discarded it while it was in flight: hidden, and removed when the
   * ack says it was not stored (kept in place until then, so the next message
   * of the query cannot overtake it).
   */
  readonly discarded?: boolean;
}

/** Entries in send order (across queries; order matters within one query). */
export type OutboxState = readonly OutboxEntry[];

/** The ack codes that mean "the same request can succeed later". */
const RETRYABLE = new Set<ErrorBody['code']>(['rate_limited', 'unavailable', 'internal']);

/**
 * Waits after an `unavailable`/`internal` ack that carries no retryAfterMs: exponential, ceilings 1 s, 2 s, 4 s…
 * 30 s, with equal jitter (at least half of each), so that the clients of a store that was away do not all come
 * back in the same second, again and again.
 */
export const RETRY_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };

/**
 * `unavailable`/`internal` refusals in a row (`failures`) at which an `internal` one fails the message for good
 * (`retry()` puts it back): the server did not expect it, so the same payload may fail every time, and it would
 * hold every later message of its query.
 */
export const INTERNAL_FAILURES_MAX = 5;

export function enqueue(state: OutboxState, entry: OutboxEntry): OutboxState {
  if (state.some((e) => e.clientId === entry.clientId)) return state;
  const held = rateLimitedUntil(state);
  return [...state, held > entry.notBefore ? { ...entry, notBefore: held } : entry];
}

/**
 * Until when the server asked this user to hold their messages (the latest `rate_limited` still waiting), or 0.
 * Every limit on `message:send` counts per user or per address, never per query: a message of another query sent
 * inside that wait would be refused too, and a client that keeps sending inside the waits it was told is cut off
 * and its address cooled down (docs/security.md) — an office's whole address, for one agent's queued replies.
 */
function rateLimitedUntil(state: OutboxState): number {
  let until = 0;
  for (const e of state) if (e.state === 'pending' && e.error?.code === 'rate_limited') until = Math.max(until, e.notBefore);
  return until;
}

/**
 * What to emit now: per query, the oldest entry that is not failed, if it is
 * pending and due. One in flight per query is what keeps a query's messages in
 * send order on the server (concurrent emits may commit in any order).
 */
export function nextToSend(state: OutboxState, now: number): OutboxEntry[] {
  // A query with a message in flight anywhere waits, not only when it is the head: an older entry taken over from
  // another tab can land ahead of it (outbox.ts), and must not go out beside it.
  const headSeen = inFlightQueries(state);
  const due: OutboxEntry[] = [];
  for (const entry of state) {
    if (entry.state === 'failed' || headSeen.has(entry.queryId)) continue;
    headSeen.add(entry.queryId);
    if (entry.state === 'pending' && entry.notBefore <= now) due.push(entry);
  }
  return due;
}

/** Earliest time a waiting head becomes due (to arm one timer), or null. */
export function nextWakeUp(state: OutboxState, now: number): number | null {
  let earliest: number | null = null;
  const headSeen = inFlightQueries(state);
  for (const entry of state) {
    if (entry.state === 'failed' || headSeen.has(entry.queryId)) continue;
    headSeen.add(entry.queryId);
    if (entry.state === 'pending' && entry.notBefore > now) {
      earliest = earliest === null ? entry.notBefore : Math.min(earliest, entry.notBefore);
    }
  }
  return earliest;
}

function inFlightQueries(state: OutboxState): Set<string> {
  const queries = new Set<string>();
  for (const e of state) if (e.state === 'sending') queries.add(e.queryId);
  return queries;
}

export function markSending(state: OutboxState, clientId: string): OutboxState {
  return patch(state, clientId, (e) => (e.state === 'pending' ? { ...e, state: 'sending', attempts: e.attempts + 1 } : e));
}

/** The server stored it: it leaves the outbox and lives on as a stored message. */
export function ackSucceeded(state: OutboxState, clientId: string): OutboxState {
  return state.filter((e) => e.clientId !== clientId);
}

/** The server refused it. Returns the new state and whether the entry failed for good. */
export function ackFailed(
  state: OutboxState,
  clientId: string,
  error: ErrorBody,
  now: number,
  random: () => number = Math.random,
): { state: OutboxState; final: boolean } {
  const serverFailure = error.code === 'unavailable' || error.code === 'internal';
  const failures = (state.find((e) => e.clientId === clientId)?.failures ?? 0) + (serverFailure ? 1 : 0);
  const retryable = RETRYABLE.has(error.code) && !(error.code === 'internal' && failures >= INTERNAL_FAILURES_MAX);
  const ceiling = backoffCeiling(Math.max(0, failures - 1), RETRY_BACKOFF);
  const notBefore = now + (error.retryAfterMs ?? Math.floor(ceiling / 2 + (random() * ceiling) / 2));
  let next = patch(state, clientId, (e) =>
    retryable ? { ...e, state: 'pending', error, notBefore, failures } : { ...e, state: 'failed', error, failures },
  );
  // A rate limit is the user's (see rateLimitedUntil): every query's waiting messages hold until it ends.
  if (error.code === 'rate_limited' && next.some((e) => e.clientId === clientId)) {
    next = next.map((e) => (e.state === 'pending' && e.notBefore < notBefore ? { ...e, notBefore } : e));
  }
  return { state: next, final: !retryable };
}

/** The link dropped or the ack timed out: whatever was in flight is sent again (same clientId). */
export function requeueInFlight(state: OutboxState): OutboxState {
  if (!state.some((e) => e.state === 'sending')) return state;
  return state.map((e) => (e.state === 'sending' ? { ...e, state: 'pending' } : e));
}

export function requeueOne(state: OutboxState, clientId: string): OutboxState {
  const held = rateLimitedUntil(state);
  return patch(state, clientId, (e) => (e.state === 'sending' ? { ...e, state: 'pending', notBefore: Math.max(e.notBefore, held) } : e));
}

/** A failed message back to pending, due now (or when a rate limit told to this user ends). */
export function retryFailed(state: OutboxState, clientId: string): OutboxState {
  const held = rateLimitedUntil(state);
  return patch(state, clientId, (e) => {
    if (e.state !== 'failed') return e;
    const { error: _error, failures: _failures, ...rest } = e;
    return { ...rest, state: 'pending', notBefore: held };
  });
}

/** Marks an in-flight entry as discarded (see OutboxEntry.discarded). */
export function markDiscarded(state: OutboxState, clientId: string): OutboxState {
  return patch(state, clientId, (e) => (e.discarded ? e : { ...e, discarded: true }));
}

export function remove(state: OutboxState, clientId: string): OutboxState {
  return state.filter((e) => e.clientId !== clientId);
}

/** What goes to storage: an in-flight entry is stored as pending, since after a reload it must be sent again. */
export function serialize(state: OutboxState): string {
  // A discarded entry must not come back after a reload, whatever its ack turns out to be.
  return JSON.stringify(state.filter((e) => !e.discarded).map((e) => (e.state === 'sending' ? { ...e, state: 'pending' } : e)));
}

/** Reads storage back, dropping anything malformed rather than failing the whole client. */
export function deserialize(text: string | null): OutboxEntry[] {
  return readStored(text).entries;
}

/**
 * Reads storage back: the valid entries, and everything that is not one
 * (`rejected`, kept so the caller can set it aside instead of deleting it).
 */
export function readStored(text: string | null): { entries: OutboxEntry[]; rejected: unknown[] } {
  if (!text) return { entries: [], rejected: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { entries: [], rejected: [text] };
  }
  if (!Array.isArray(parsed)) return { entries: [], rejected: [parsed] };
  const entries: OutboxEntry[] = [];
  const rejected: unknown[] = [];
  for (const value of parsed) {
    if (isEntry(value)) entries.push({ ...value, state: value.state === 'sending' ? 'pending' : value.state });
    else rejected.push(value);
  }
  return { entries, rejected };
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e['clientId'] === 'string' &&
    typeof e['queryId'] === 'string' &&
    typeof e['body'] === 'string' &&
    typeof e['createdAt'] === 'string' &&
    typeof e['author'] === 'object' &&
    e['author'] !== null &&
    Array.isArray(e['attachmentIds']) &&
    (e['state'] === 'pending' || e['state'] === 'sending' || e['state'] === 'failed') &&
    typeof e['notBefore'] === 'number' &&
    typeof e['attempts'] === 'number' &&
    typeof e['internal'] === 'boolean'
  );
}

function patch(state: OutboxState, clientId: string, fn: (e: OutboxEntry) => OutboxEntry): OutboxState {
  let changed = false;
  const next = state.map((e) => {
    if (e.clientId !== clientId) return e;
    const updated = fn(e);
    if (updated !== e) changed = true;
    return updated;
  });
  return changed ? next : state;
}
