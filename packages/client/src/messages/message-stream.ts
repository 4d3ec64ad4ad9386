/**
 * The heart of the SDK: one query's stream of messages (public messages, or
 * agents' internal notes) kept sorted by seq with no gap and no duplicate,
 * whatever order, repetition or holes the network delivers them in.
 *
 * Pure functions over an immutable value. The state is, in effect, a set of
 * known messages plus a floor (the lowest seq the list starts at): both are
 * combined with commutative, idempotent operations (set union, min), so any
 * interleaving or duplication of the same events ends in the same state.
 * That is what the property tests in message-stream.test.ts check.
 */
import type { Message } from '@parley/protocol';

export interface MessageStream {
  /** Lowest seq the visible list starts at; null until a join or a history page anchors it. */
  readonly floor: number | null;
  /** Every message received, sorted by seq, deduplicated; may hold messages above a gap. */
  readonly known: readonly Message[];
  /** The contiguous run floor, floor+1, … that a UI shows. */
  readonly visible: readonly Message[];
}

/** A hole between what is shown and what has arrived: fetch seq in (after, before) over REST. */
export interface StreamGap {
  after: number;
  before: number;
}

export const emptyStream: MessageStream = Object.freeze({ floor: null, known: [], visible: [] });

/** Adds messages (any order, duplicates allowed); a seq already known keeps its first copy. */
export function addMessages(stream: MessageStream, incoming: readonly Message[]): MessageStream {
  if (incoming.length === 0) return stream;
  const fresh = dedupeSorted(incoming).filter((m) => !hasSeq(stream.known, m.seq));
  if (fresh.length === 0) return stream;
  const known = mergeSorted(stream.known, fresh);
  return { floor: stream.floor, known, visible: contiguousFrom(known, stream.floor) };
}

/**
 * Sets where the list starts. Only ever lowers it (loading older history), so
 * a late anchor from a stale join cannot hide messages already shown.
 */
export function anchorStream(stream: MessageStream, floor: number): MessageStream {
  const next = stream.floor === null ? floor : Math.min(stream.floor, floor);
  if (next === stream.floor) return stream;
  return { floor: next, known: stream.known, visible: contiguousFrom(stream.known, next) };
}

/** Seq of the last message in the contiguous list: the resume point (`afterSeq`). Null before anchoring. */
export function lastContiguousSeq(stream: MessageStream): number | null {
  if (stream.floor === null) return null;
  return stream.floor + stream.visible.length - 1;
}

/** The first hole above the contiguous list, if a later message has already arrived. */
export function findGap(stream: MessageStream): StreamGap | null {
  const last = lastContiguousSeq(stream);
  if (last === null) return null;
  const above = firstIndexAbove(stream.known, last + 1);
  const next = stream.known[above];
  return next ? { after: last, before: next.seq } : null;
}

/** Seq of the newest message known at all (shown or above a gap). */
export function newestKnownSeq(stream: MessageStream): number {
  return stream.known.at(-1)?.seq ?? 0;
}

// ----------------------------------------------------------------- internals

function dedupeSorted(messages: readonly Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const message of messages) if (!bySeq.has(message.seq)) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function mergeSorted(a: readonly Message[], b: readonly Message[]): Message[] {
  // The common case is a live message appended after everything else: no sort needed.
  const lastA = a.at(-1);
  const firstB = b[0];
  if (!lastA || (firstB && firstB.seq > lastA.seq)) return [...a, ...b];
  const out: Message[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x.seq < y.seq)) {
      out.push(x);
      i++;
    } else if (y) {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** Index of the first message with seq >= target (binary search). */
function firstIndexAbove(known: readonly Message[], target: number): number {
  let lo = 0;
  let hi = known.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (known[mid]!.seq < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hasSeq(known: readonly Message[], seq: number): boolean {
  return known[firstIndexAbove(known, seq)]?.seq === seq;
}

function contiguousFrom(known: readonly Message[], floor: number | null): Message[] {
  if (floor === null) return [];
  const out: Message[] = [];
  let expected = floor;
  for (let i = firstIndexAbove(known, floor); i < known.length; i++) {
    const message = known[i]!;
    if (message.seq !== expected) break;
    out.push(message);
    expected++;
  }
  return out;
}
