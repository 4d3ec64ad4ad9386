/**
 * Routes the server's live events to whoever handles them. Socket events enter
 * the SDK here and nowhere else, each socket wired once however often it
 * reconnects.
 */
import type {
  Message, MessageNewEvent, MessageReadEvent, PresenceEvent, Query, QueryEvent, ServerResyncEvent, TypingEvent,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';

/** Where each live event goes. */
export interface SocketEventHandlers {
  /** `message:new`: a stored message of an open conversation. */
  message(message: Message): void;
  typing(event: TypingEvent): void;
  /** `message:read`: someone's read cursor moved. */
  read(event: MessageReadEvent): void;
  /** `query:created` and `query:updated`. */
  query(query: Query): void;
  presence(event: PresenceEvent): void;
  /** `server:resync`: live events may have been missed; catch up as after a reconnect. */
  resync(event: ServerResyncEvent): void;
}

/** Wires sockets to one set of handlers. */
export class SocketEventRouter {
  readonly #handlers: SocketEventHandlers;
  /** The connection reuses one socket across reconnects (online again each time): wiring it twice would deliver every event twice. */
  readonly #wired = new WeakSet<Socket>();

  constructor(handlers: SocketEventHandlers) {
    this.#handlers = handlers;
  }

  /** Listens on `socket`; a no-op for a socket already wired. */
  attach(socket: Socket): void {
    if (this.#wired.has(socket)) return;
    this.#wired.add(socket);
    const handlers = this.#handlers;
    socket.on('message:new', ({ message }: MessageNewEvent) => handlers.message(message));
    socket.on('typing', (event: TypingEvent) => handlers.typing(event));
    socket.on('message:read', (event: MessageReadEvent) => handlers.read(event));
    socket.on('query:updated', ({ query }: QueryEvent) => handlers.query(query));
    socket.on('query:created', ({ query }: QueryEvent) => handlers.query(query));
    socket.on('presence', (event: PresenceEvent) => handlers.presence(event));
    socket.on('server:resync', (event: ServerResyncEvent) => handlers.resync(event));
  }
}
