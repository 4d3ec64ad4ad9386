/** The one way the SDK emits an event that expects an ack. */
import type { Ack } from '@parley/protocol';
import type { Socket } from 'socket.io-client';

/**
 * Emits `event` and resolves with the server's ack, or null when there is no
 * socket or no ack came within `timeoutMs` (lost with the link, or a silent
 * server): callers treat null as "try again", never as a refusal.
 */
export function emitWithAck<T extends object>(socket: Socket | null, timeoutMs: number, event: string, payload: object): Promise<Ack<T> | null> {
  if (!socket) return Promise.resolve(null);
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: Ack<T>) => resolve(error ? null : ack));
  });
}
