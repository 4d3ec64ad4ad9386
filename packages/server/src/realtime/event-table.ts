/**
 * Event tables typed by the protocol's client → server event maps
 * (`ChatClientToServerEvents`, `AdminClientToServerEvents`): each event's
 * handler receives that event's payload type and must resolve with exactly
 * what its ack promises after `ok: true`, an event whose ack is optional in the
 * protocol must say `ackOptional: true`, and a table built with
 * {@link eventTable} must name every event of the map and nothing else. A
 * server drifting from the contract is a compile error, not a client surprise.
 */
import type { AckResultOf, PayloadOf } from '@parley/protocol';
import type { z } from 'zod';
import type { HandlerContext, OrderGate } from './event-binding.js';
import type { EventLimit } from './event-binding.js';

type AnyListener = (...args: never[]) => void;

/** A bare acknowledgement's handler returns nothing; any other returns the ack's body. */
type HandlerResult<R> = [keyof R] extends [never] ? void : R;

/** `ackOptional` must match the protocol: true exactly when the ack parameter is optional there. */
type AckOptionality<F> = F extends (payload: never, ack: infer A) => void
  ? undefined extends A ? { ackOptional: true } : { ackOptional?: false }
  : never;

/** One event of a table: its schema, limits and handler, typed by the protocol's listener `F`. */
export type EventSpecOf<F> = {
  /** Validates the raw payload; its output must be the protocol's payload type. */
  schema: z.ZodType<PayloadOf<F>>;
  /** This event's own limits, taken in order, instead of the connection's general one. */
  limits?: readonly EventLimit[];
  /** Admit this event's calls one at a time per socket, in arrival order (see {@link OrderGate}). */
  ordered?: boolean;
  handler: (ctx: HandlerContext, payload: PayloadOf<F>, gate: OrderGate) => Promise<HandlerResult<AckResultOf<F>>>;
} & AckOptionality<F>;

/** A table of handlers for some (or, through {@link eventTable}, all) events of a protocol event map. */
export type EventTable<Events> = { [E in keyof Events]-?: EventSpecOf<Events[E]> };

/**
 * Checks a namespace's complete table against its event map. Object spreads
 * escape TypeScript's excess-property check, so the extra-event check is done
 * here: every key of `table` must be an event of `Events`.
 * @example
 * const chat = eventTable<ChatClientToServerEvents>()({ ...conversation, ...join.chat, ...auth });
 */
export function eventTable<Events extends { [E in keyof Events]: AnyListener }>() {
  return <T extends EventTable<Events>>(table: T & { [K in Exclude<keyof T, keyof Events>]: never }): EventTable<Events> => table;
}
