/**
 * Routes the server's live events to whoever handles them. Socket events enter
 * the SDK here and nowhere else, each socket wired once however often it
 * reconnects. The listener table is typed by the protocol's server → client
 * map, so an event the protocol renames or adds fails to compile here.
 */
import type {
  AdminServerToClientEvents, Customer, CustomerPresenceEvent, Message, MessageReadEvent, PresenceEvent, Query, ServerResyncEvent,
  Team, TimelineEvent, TypingEvent, WorkspaceSettings,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';

/** Where each live event goes. */
export interface SocketEventHandlers {
  /** `message:new`: a stored message of an open conversation. */
  message(message: Message): void;
  typing(event: TypingEvent): void;
  /** `message:read`: someone's read cursor moved. */
  read(event: MessageReadEvent): void;
  /** `query:created` (agents) and `query:updated`. */
  query(query: Query): void;
  presence(event: PresenceEvent): void;
  /** `query:timeline`: an assignment, resolution or reopening of an open conversation. */
  timeline(event: TimelineEvent): void;
  /** `customer:presence` (agents): a customer whose conversation I joined came online or went. */
  customerPresence(event: CustomerPresenceEvent): void;
  /** `customer:updated` (agents): a customer's name or email changed. */
  customerUpdated(customer: Customer): void;
  /** `settings:updated` (agents): an admin changed the workspace settings. */
  settings(settings: WorkspaceSettings): void;
  /** `teams:changed` (agents): an admin created, changed or deleted a team; every team as it is now. */
  teams(teams: Team[]): void;
  /** `server:resync`: live events may have been missed; catch up as after a reconnect. */
  resync(event: ServerResyncEvent): void;
}

/**
 * Every event of the agents' map (a superset of the customers'), except `server:closing`, which the connection
 * handles. A customer's socket simply never receives `query:created`.
 */
type Listeners = Omit<AdminServerToClientEvents, 'server:closing'>;

/** Wires sockets to one set of handlers. */
export class SocketEventRouter {
  readonly #listeners: Listeners;
  /** The connection reuses one socket across reconnects (online again each time): wiring it twice would deliver every event twice. */
  readonly #wired = new WeakSet<object>();

  constructor(handlers: SocketEventHandlers) {
    this.#listeners = {
      'message:new': ({ message }) => handlers.message(message),
      typing: (event) => handlers.typing(event),
      'message:read': (event) => handlers.read(event),
      'query:updated': ({ query }) => handlers.query(query),
      'query:created': ({ query }) => handlers.query(query),
      presence: (event) => handlers.presence(event),
      'query:timeline': ({ event }) => handlers.timeline(event),
      'customer:presence': (event) => handlers.customerPresence(event),
      'customer:updated': ({ customer }) => handlers.customerUpdated(customer),
      'settings:updated': ({ settings }) => handlers.settings(settings),
      'teams:changed': ({ teams }) => handlers.teams(teams),
      'server:resync': (event) => handlers.resync(event),
    };
  }

  /** Listens on `socket`; a no-op for a socket already wired. */
  attach(socket: Pick<Socket, 'on'>): void {
    if (this.#wired.has(socket)) return;
    this.#wired.add(socket);
    for (const [event, listener] of Object.entries(this.#listeners)) socket.on(event, listener as (...args: unknown[]) => void);
  }
}
