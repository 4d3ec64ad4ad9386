/**
 * `typing`, made cheap whatever a client sends. Indicators are refreshed by
 * clients every 2 s and expire after 5 s (the SDK's typing.ts), so one relay
 * per user, query and state per second loses nothing: repeats within that are
 * dropped here, before any lookup — however many sockets of the user send them.
 * What remains spends from the user's typing allowance (shared across nodes)
 * and is checked for access — at once when the socket joined the query's room
 * (checked then), else in the store — and relayed volatile.
 */
import { Rooms, type TypingPayload, type UserRef } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import { isStaff } from '../auth/roles.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { Namespaces } from './namespaces.js';

/** Repeats of the same state by the same user in the same query within this window are not relayed. */
export const TYPING_COALESCE_MS = 1_000;
/** Past this many remembered (user, query) pairs, forget those older than the window. */
const PRUNE_ABOVE = 10_000;

export interface TypingRelayDeps {
  nsps: Namespaces;
  /** Per user, shared: `typingRateLimit`. */
  limiter: RateLimiter;
  /** @throws AppError when the user may not see the query. */
  access(user: UserRef, queryId: string): Promise<unknown>;
  now?: () => number;
}

/** The sender of a typing event: its socket id (not relayed back to it) and rooms. */
export interface TypingSender {
  id: string;
  rooms: ReadonlySet<string>;
}

export class TypingRelay {
  readonly #deps: TypingRelayDeps;
  readonly #now: () => number;
  readonly #last = new Map<string, { typing: boolean; at: number }>();

  constructor(deps: TypingRelayDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Relays (or coalesces) one typing event. @throws AppError forbidden | not_found | rate_limited */
  async typing(sender: TypingSender, user: UserRef, payload: TypingPayload): Promise<void> {
    const internal = payload.internal === true;
    if (internal && !isStaff(user)) throw new AppError('forbidden', 'only agents write internal notes');
    const key = `${user.id}|${payload.queryId}|${internal ? 'note' : 'public'}`;
    const now = this.#now();
    const last = this.#last.get(key);
    if (last && last.typing === payload.typing && now - last.at < TYPING_COALESCE_MS) return;
    const room = Rooms.query(payload.queryId);
    if (!sender.rooms.has(room)) await this.#deps.access(user, payload.queryId);
    await this.#deps.limiter.consume(`user:${user.id}`);
    this.#remember(key, { typing: payload.typing, at: now });
    const event = { queryId: payload.queryId, user, typing: payload.typing };
    if (!internal) this.#deps.nsps.chat.to(room).except(sender.id).volatile.emit('typing', event);
    this.#deps.nsps.admin.to(room).except(sender.id).volatile.emit('typing', event);
  }

  #remember(key: string, entry: { typing: boolean; at: number }): void {
    this.#last.set(key, entry);
    if (this.#last.size <= PRUNE_ABOVE) return;
    const cutoff = entry.at - TYPING_COALESCE_MS;
    for (const [k, v] of this.#last) if (v.at < cutoff) this.#last.delete(k);
  }
}
