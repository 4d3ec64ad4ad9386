/**
 * What the event maps say about one event, derived once for both sides: the
 * server's handler tables (packages/server/src/realtime/event-table.ts) and the
 * SDK's emits (packages/client/src/connection/) take payloads and ack results
 * from these, so a drift from the contract fails to compile on either side.
 */
import type { Ack } from './ack.js';

/** The payload an event carries, as its listener in an event map declares it. */
export type PayloadOf<F> = F extends (payload: infer P, ...rest: never[]) => void ? P : never;

/** The response the event's ack callback receives (`Ack<T>`), whether the ack is required or optional. */
export type AckResponseOf<F> = F extends (payload: never, ack: infer A) => void
  ? NonNullable<A> extends (response: infer R) => void
    ? R
    : never
  : never;

/**
 * What an event's ack carries after `ok: true` (`{}` for a bare acknowledgement). Distributes over a union of
 * results (a conversation's join answers customers and agents differently), keeping each member whole.
 */
export type AckResultOf<F> = WithoutOk<Extract<AckResponseOf<F>, { ok: true }>>;

type WithoutOk<T> = T extends unknown ? Omit<T, 'ok'> : never;

/** The names of a map's events that are answered through an ack (required or optional). */
export type AckedEventName<Events> = {
  [E in keyof Events]: Events[E] extends (payload: never, ack: infer A) => void ? ([A] extends [never] ? never : E) : never;
}[keyof Events] &
  string;

/** The whole ack response of event `E` of `Events`: `{ ok: true, …result } | { ok: false, error }`. */
export type AckOf<Events, E extends keyof Events> = Ack<AckResultOf<Events[E]>>;
