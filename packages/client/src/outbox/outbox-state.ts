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

/** Wait after an `unavailable`/`internal` ack that carries no retryAfterMs. */
export const RETRY_AFTER_DEFAULT_MS = 1_000;

export function enqueue(state: OutboxState, entry: OutboxEntry): OutboxState {
  if (state.some((e) => e.clientId === entry.clientId)) return state;
  return [...state, entry];
}

/**
 * What to emit now: per query, the oldest entry that is not failed, if it is
 * pending and due. One in flight per query is what keeps a query's messages in
 * send order on the server (concurrent emits may commit in any order).
 */
export function nextToSend(state: OutboxState, now: number): OutboxEntry[] {
  const headSeen = new Set<string>();
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
  const headSeen = new Set<string>();
  for (const entry of state) {
    if (entry.state === 'failed' || headSeen.has(entry.queryId)) continue;
    headSeen.add(entry.queryId);
    if (entry.state === 'pending' && entry.notBefore > now) {
      earliest = earliest === null ? entry.notBefore : Math.min(earliest, entry.notBefore);
    }
  }
  return earliest;
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
): { state: OutboxState; final: boolean } {
  const retryable = RETRYABLE.has(error.code);
  const next = patch(state, clientId, (e) =>
    retryable
      ? { ...e, state: 'pending', error, notBefore: now + (error.retryAfterMs ?? RETRY_AFTER_DEFAULT_MS) }
      : { ...e, state: 'failed', error },
  );
  return { state: next, final: !retryable };
}

/** The link dropped or the ack timed out: whatever was in flight is sent again (same clientId). */
export function requeueInFlight(state: OutboxState): OutboxState {
  if (!state.some((e) => e.state === 'sending')) return state;
  return state.map((e) => (e.state === 'sending' ? { ...e, state: 'pending' } : e));
}

export function requeueOne(state: OutboxState, clientId: string): OutboxState {
  return patch(state, clientId, (e) => (e.state === 'sending' ? { ...e, state: 'pending' } : e));
}

/** A failed message back to pending, due now. */
export function retryFailed(state: OutboxState, clientId: string): OutboxState {
  return patch(state, clientId, (e) => {
    if (e.state !== 'failed') return e;
    const { error: _error, ...rest } = e;
    return { ...rest, state: 'pending', notBefore: 0 };
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
