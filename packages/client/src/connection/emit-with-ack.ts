/** The one way the SDK emits an event that expects an ack. */
import type { AckedEventName, AckOf, PayloadOf } from '@parley/protocol';
import type { Socket } from 'socket.io-client';

/** socket.io's constraint on event maps (its own type is not exported by socket.io-client). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventsMap = { [event: string]: any };

/**
 * Emits `event` on a socket typed by the namespace's maps and resolves with the server's ack, or null when
 * there is no socket or no ack came within `timeoutMs` (lost with the link, or a silent server).
 */
export function emitWithAck<Listen extends EventsMap, Emit extends EventsMap, E extends AckedEventName<Emit>>(
  socket: Socket<Listen, Emit> | null,
  timeoutMs: number,
  event: E,
  payload: PayloadOf<Emit[E]>,
): Promise<AckOf<Emit, E> | null> {
  if (!socket) return Promise.resolve(null);
  return new Promise((resolve) => {
    // socket.io types `emit` by the map too, but cannot resolve a generic event's parameters: the map's
    // types are enforced by this function's signature instead, and the call goes through untyped.
    (socket as unknown as UntypedSocket).timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: AckOf<Emit, E>) => resolve(error ? null : ack));
  });
}


interface UntypedSocket {
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
}
