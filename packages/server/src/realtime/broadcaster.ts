/**
 * Turns domain events into Socket.IO emits: who hears what, in which room.
 * - message:new → `query:<id>` in /chat and /admin (notes: /admin only), minus the sender (on a single node, not even
 *   encoded for a room holding nobody else);
 * - query:created → /admin `queue`;
 * - query:updated on a state change (status, assignee, rating) → /admin `queue`, /chat `query:<id>`
 *   and the customer's `user:<id>`, at once;
 * - query:updated for message activity (lastSeq, lastMessage, waitingSince, read cursors), coalesced
 *   per query (see QueueCoalescer) and sent only where it is relevant: see {@link activityRooms};
 * - message:read → the query's rooms, minus the sender;
 * - presence → all of /admin, and the /chat rooms of the agent's open queries;
 * - query:timeline → `query:<id>` in /admin, and the customer's view of it in /chat;
 * - customer presence → the /admin sockets that joined one of the customer's queries (`customer:<id>`);
 * - customer:updated (name, email), settings:changed and teams:changed → all of /admin;
 * - clients:resync → every socket of both namespaces (`server:resync`), on every node.
 */
import { Rooms, type Query, type ServerClosingEvent } from '@parley/protocol';
import type { Logger } from 'pino';
import type { DomainEvents } from '../domain/domain-events.js';
import { customerView } from '../queries/query-view.js';
import { customerTimelineView } from '../timeline/timeline-events.js';
import type { Store } from '../store/store.js';
import type { PresenceTracker } from './presence.js';
import type { Namespaces } from './namespaces.js';
import { QueueCoalescer, type ActivityAudience } from './queue-coalescer.js';

export class Broadcaster {
  readonly #coalescer: QueueCoalescer;
  /** The last `teams:changed` read and sent (see #onTeam). */
  #teamsSent: Promise<void> = Promise.resolve();

  /**
   * @param onlyNode this node holds every socket (the in-process adapter, no Redis) and no connection-state
   *   recovery keeps packets to replay: a room with nobody in it but the sender needs no packet encoded. With Redis,
   *   other nodes' sockets are not in this node's rooms, and every emit is published; with recovery
   *   (`RECOVERY_WINDOW_MS`), the adapter keeps every broadcast for the sockets away for a moment, who are in no
   *   room meanwhile.
   */
  constructor(
    private readonly nsps: Namespaces,
    private readonly events: DomainEvents,
    private readonly store: Store,
    private readonly presence: PresenceTracker,
    private readonly log: Logger,
    private readonly onlyNode = false,
  ) {
    this.#coalescer = new QueueCoalescer((due) => this.#publishActivity(due));
    events.on('message:stored', this.#onMessage);
    events.on('query:created', this.#onCreated);
    events.on('query:changed', this.#onChanged);
    events.on('query:activity', this.#onActivity);
    events.on('message:read', this.#onRead);
    events.on('agent:deactivated', this.#onDeactivated);
    events.on('agent:signed-out', this.#onSignedOut);
    events.on('presence:changed', this.#onPresence);
    events.on('customer-presence:changed', this.#onCustomerPresence);
    events.on('query:timeline', this.#onTimeline);
    events.on('customer:updated', this.#onCustomerUpdated);
    events.on('settings:changed', this.#onSettings);
    events.on('team:changed', this.#onTeam);
    events.on('clients:resync', this.#onResync);
  }

  close(): void {
    this.events.off('message:stored', this.#onMessage);
    this.events.off('query:created', this.#onCreated);
    this.events.off('query:changed', this.#onChanged);
    this.events.off('query:activity', this.#onActivity);
    this.events.off('message:read', this.#onRead);
    this.events.off('agent:deactivated', this.#onDeactivated);
    this.events.off('agent:signed-out', this.#onSignedOut);
    this.events.off('presence:changed', this.#onPresence);
    this.events.off('customer-presence:changed', this.#onCustomerPresence);
    this.events.off('query:timeline', this.#onTimeline);
    this.events.off('customer:updated', this.#onCustomerUpdated);
    this.events.off('settings:changed', this.#onSettings);
    this.events.off('team:changed', this.#onTeam);
    this.events.off('clients:resync', this.#onResync);
    this.#coalescer.close();
  }

  /** Agents get every event; customers their view of what concerns them (nothing for an unassignment). */
  readonly #onTimeline: (e: DomainEventsArg<'query:timeline'>) => void = ({ event }) => {
    const room = Rooms.query(event.queryId);
    this.nsps.admin.to(room).emit('query:timeline', { event });
    const view = customerTimelineView(event);
    if (view) this.nsps.chat.to(room).emit('query:timeline', { event: view });
  };

  readonly #onCustomerPresence: (e: DomainEventsArg<'customer-presence:changed'>) => void = ({ customerId, status }) => {
    this.nsps.admin.to(Rooms.customer(customerId)).emit('customer:presence', { customerId, status, at: new Date().toISOString() });
  };

  readonly #onSettings: (e: DomainEventsArg<'settings:changed'>) => void = ({ settings }) => {
    this.nsps.admin.emit('settings:updated', { settings });
  };

  /**
   * Every team as it is now, read after the change (teams are few): consoles replace their list with it. The reads
   * run one after another, each after the one before was sent, so two quick changes on this node cannot reach the
   * consoles newest first (a pooled store could answer two concurrent reads in either order).
   */
  readonly #onTeam: (e: DomainEventsArg<'team:changed'>) => void = () => {
    this.#teamsSent = this.#teamsSent.then(() =>
      this.store.listTeams().then(
        (teams) => void this.nsps.admin.emit('teams:changed', { teams }),
        (error: unknown) => this.log.warn({ err: error }, 'could not tell consoles about a team change'),
      ),
    );
  };

  readonly #onCustomerUpdated: (e: DomainEventsArg<'customer:updated'>) => void = ({ customer }) => {
    this.nsps.admin.emit('customer:updated', { customer });
  };

  /** Tells /admin and the customers of the agent's open queries. */
  readonly #onPresence: (e: DomainEventsArg<'presence:changed'>) => void = ({ agentId, status }) => {
    this.nsps.admin.emit('presence', { agentId, status });
    this.store.listOpenQueryIdsAssignedTo(agentId).then(
      (ids) => {
        if (ids.length > 0) this.nsps.chat.to(ids.map(Rooms.query)).emit('presence', { agentId, status });
      },
      (error: unknown) => this.log.warn({ err: error, agentId }, 'could not tell customers about presence'),
    );
  };

  readonly #onResync: (e: DomainEventsArg<'clients:resync'>) => void = (event) => {
    // A plain emit: with the Redis adapter it reaches every node's sockets, and locally even if publishing fails.
    this.nsps.chat.emit('server:resync', event);
    this.nsps.admin.emit('server:resync', event);
  };

  readonly #onMessage: (e: DomainEventsArg<'message:stored'>) => void = ({ message, origin }) => {
    const room = Rooms.query(message.queryId);
    const except = origin ?? [];
    if (this.#heard(this.nsps.admin, room, origin)) this.nsps.admin.to(room).except(except).emit('message:new', { message });
    if (!message.internal) {
      // Most often the customer's one socket, the sender: Socket.IO would encode the packet for nobody.
      if (this.#heard(this.nsps.chat, room, origin)) this.nsps.chat.to(room).except(except).emit('message:new', { message });
      // The customer's list shows the last message: it hears this activity too (coalesced). Notes and reads stay staff-only.
      this.#coalescer.touch(message.queryId, { customer: true });
    }
  };

  readonly #onCreated: (e: DomainEventsArg<'query:created'>) => void = ({ query }) => {
    this.nsps.admin.to(Rooms.queue).emit('query:created', { query });
  };

  readonly #onChanged: (e: DomainEventsArg<'query:changed'>) => void = ({ query }) => {
    this.nsps.admin.to(Rooms.queue).emit('query:updated', { query });
    this.nsps.chat.to([Rooms.query(query.id), Rooms.user(query.customer.id)]).emit('query:updated', { query: customerView(query) });
    const assignee = query.assignee;
    if (assignee) {
      this.presence.status(assignee.id).then(
        (status) => this.nsps.chat.to(Rooms.query(query.id)).emit('presence', { agentId: assignee.id, status }),
        (error: unknown) => this.log.warn({ err: error, agentId: assignee.id }, 'could not tell the customer about presence'),
      );
    }
  };

  readonly #onActivity: (e: DomainEventsArg<'query:activity'>) => void = ({ queryId }) => {
    this.#coalescer.touch(queryId);
  };

  readonly #onRead: (e: DomainEventsArg<'message:read'>) => void = ({ queryId, user, seq, origin }) => {
    const room = Rooms.query(queryId);
    const except = origin ?? [];
    this.nsps.chat.to(room).except(except).emit('message:read', { queryId, user, seq });
    this.nsps.admin.to(room).except(except).emit('message:read', { queryId, user, seq });
  };

  readonly #onDeactivated: (e: DomainEventsArg<'agent:deactivated'>) => void = ({ agentId }) => {
    this.#closeAgentSockets(agentId, 'deactivated');
  };

  // Every socket of the agent closes, also the one of the browser that asked: the SDK reconnects at once with
  // the fresh token it was given, while the others' old tokens are refused (`invalid_token`) and they stop.
  readonly #onSignedOut: (e: DomainEventsArg<'agent:signed-out'>) => void = ({ agentId }) => {
    this.#closeAgentSockets(agentId, 'signed_out');
  };

  #closeAgentSockets(agentId: string, reason: ServerClosingEvent['reason']): void {
    const room = Rooms.user(agentId);
    this.nsps.admin.to(room).emit('server:closing', { reason });
    this.nsps.admin.in(room).disconnectSockets(true);
  }

  /**
   * False only when this node holds every socket and the room has none but `origin`'s: Socket.IO would encode the
   * packet for nobody (scenario 1: 3 % of the event loop for `message:new`; scenario 2: the activity of queries
   * whose agents are not connected).
   */
  #heard(nsp: Namespaces[keyof Namespaces], room: string, origin: string | undefined): boolean {
    if (!this.onlyNode) return true;
    const members = nsp.adapter.rooms.get(room);
    if (!members) return false;
    // Two members: at least one is not the sender.
    return members.size > 1 || (members.size === 1 && (origin === undefined || !members.has(origin)));
  }

  async #publishActivity(due: ReadonlyMap<string, ActivityAudience>): Promise<void> {
    try {
      // Read at the end of the window, not kept from the events: a state change in between (say, an assignment)
      // must not be overwritten by an older snapshot, and it decides who hears this update.
      const queries = await this.store.getQueries([...due.keys()]);
      for (const query of queries) {
        const rooms = activityRooms(query);
        if (rooms.some((room) => this.#heard(this.nsps.admin, room, undefined))) this.nsps.admin.to(rooms).emit('query:updated', { query });
        const customerRoom = Rooms.user(query.customer.id);
        if (due.get(query.id)?.customer && this.#heard(this.nsps.chat, customerRoom, undefined)) {
          this.nsps.chat.to(customerRoom).emit('query:updated', { query: customerView(query) });
        }
      }
    } catch (error) {
      // The store closes during shutdown; a missed coalesced update is refreshed by the next one or a reload.
      this.log.debug({ err: error, queries: due.size }, 'coalesced activity updates skipped');
    }
  }
}

/**
 * The /admin rooms that hear a query's coalesced activity. While nobody owns the query, every agent may pick
 * it up, so the whole `queue` hears it. Once assigned, only its assignee (personal room) and the agents who have
 * it open (its query room) do: sending every active conversation's activity to every agent grows with
 * conversations × agents (docs/performance.md). Everyone still hears the assignment itself, as a state change.
 */
export function activityRooms(query: Pick<Query, 'id' | 'assignee'>): string[] {
  return query.assignee ? [Rooms.user(query.assignee.id), Rooms.query(query.id)] : [Rooms.queue];
}

type DomainEventsArg<K extends keyof import('../domain/domain-events.js').DomainEventMap> =
  import('../domain/domain-events.js').DomainEventMap[K][0];
