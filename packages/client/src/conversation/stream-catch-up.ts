/**
 * Fetches over REST whatever lies between a stream's contiguous list and the
 * newest seq known to exist (a `message:new` above a gap, an ack above the
 * list, a join that said `hasMore`, a `query:updated` with a higher lastSeq).
 *
 * One loop per stream at a time. It holds while a join is in flight (the join
 * answers the same range), stops when a page brings no progress, retries only
 * transient errors with backoff, and after a permanent one (forbidden,
 * not_found) waits for the next successful join.
 */
import { Limits, type Message } from '@parley/protocol';
import { backoffCeiling, backoffDelay } from '../connection/backoff.js';
import { isTransient, toErrorBody } from '../errors.js';
import { lastContiguousSeq, newestKnownSeq, type MessageStream } from '../messages/message-stream.js';

export type StreamKind = 'messages' | 'notes';

/** Backoff of the range fetch after a transient error: ceilings 1 s, 2 s, 4 s… up to 30 s, equal jitter. */
export const CATCH_UP_BACKOFF = { baseMs: 1_000, capMs: 30_000 };

export interface StreamCatchUpHost {
  stream(kind: StreamKind): MessageStream;
  /** Merges a fetched page (and re-renders). */
  apply(kind: StreamKind, page: readonly Message[]): void;
  fetch(kind: StreamKind, after: number, limit: number): Promise<Message[]>;
  /** Online, joined or joining is over, not left. */
  canFetch(): boolean;
  random?: () => number;
}

/** The range fetches of one conversation (both streams); see the file comment. */
export class StreamCatchUp {
  readonly #host: StreamCatchUpHost;
  readonly #targets: Record<StreamKind, number> = { messages: 0, notes: 0 };
  readonly #running: Record<StreamKind, boolean> = { messages: false, notes: false };
  #failures = 0;
  #blocked = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(host: StreamCatchUpHost) {
    this.#host = host;
  }

  /** The stream is known to reach `target`: fetch what is missing (now, or when allowed). */
  request(kind: StreamKind, target: number): void {
    this.#targets[kind] = Math.max(this.#targets[kind], target);
    void this.#run(kind);
  }

  /** A join succeeded: permanent errors are forgiven, both streams catch up. */
  resume(kinds: readonly StreamKind[]): void {
    this.#blocked = false;
    this.#failures = 0;
    for (const kind of kinds) void this.#run(kind);
  }

  /** The stream's history was reset (conversation.ts): the seq it was known to reach means nothing any more. */
  forget(kind: StreamKind): void {
    this.#targets[kind] = 0;
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
  }

  async #run(kind: StreamKind): Promise<void> {
    if (this.#running[kind] || this.#blocked || this.#retry || this.#disposed) return;
    this.#running[kind] = true;
    try {
      for (;;) {
        if (this.#disposed || !this.#host.canFetch()) return;
        const last = lastContiguousSeq(this.#host.stream(kind));
        const goal = Math.max(this.#targets[kind], newestKnownSeq(this.#host.stream(kind)));
        if (last === null || last >= goal) return;
        const page = await this.#host.fetch(kind, last, Limits.HISTORY_PAGE_MAX);
        if (this.#disposed) return;
        this.#host.apply(kind, page);
        this.#failures = 0;
        // Nothing new right after `last`: the server has no more yet. Asking again would spin;
        // the next event, query update or join says when there is.
        if (lastContiguousSeq(this.#host.stream(kind)) === last) return;
      }
    } catch (error) {
      const body = toErrorBody(error, 'unavailable');
      if (!isTransient(body)) {
        this.#blocked = true;
        return;
      }
      // "Equal jitter": at least half the ceiling, so a failing server is not asked again at once.
      const ceiling = backoffCeiling(this.#failures, CATCH_UP_BACKOFF);
      const delay = Math.max(body.retryAfterMs ?? 0, ceiling / 2 + backoffDelay(this.#failures, CATCH_UP_BACKOFF, this.#host.random) / 2);
      this.#failures++;
      this.#retry = setTimeout(() => {
        this.#retry = null;
        void this.#run('messages');
        void this.#run('notes');
      }, delay);
    } finally {
      this.#running[kind] = false;
    }
  }
}
