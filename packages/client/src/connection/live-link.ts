/**
 * The live socket as the SDK's parts use it — conversations, the outbox's
 * sender, presence, agents' commands — typed by the namespace's client → server
 * event map: an event name that is not in the map, or a payload that is not
 * its payload, does not compile, and the ack's result is the one the protocol
 * declares for that event.
 */
import type { AckedEventName, AckOf, AdminClientToServerEvents, AdminQueryJoinResult, AckCallback, ChatClientToServerEvents, PayloadOf, QueryJoinPayload, QueryJoinResult } from '@parley/protocol';

export interface LiveLink<Emit> {
  /** True while connected: nothing is ever emitted into socket.io's offline buffer. */
  readonly online: boolean;
  /**
   * Emits `event` and resolves with its ack, or with null when offline, disconnected before the ack, or no ack
   * came in time: callers treat null as "try again", never as a refusal.
   */
  request<E extends AckedEventName<Emit>>(event: E, payload: PayloadOf<Emit[E]>): Promise<AckOf<Emit, E> | null>;
  /** Emits without waiting for an ack, when online (typing); dropped otherwise. */
  notify<E extends keyof Emit & string>(event: E, payload: PayloadOf<Emit[E]>): void;
}

/**
 * What a conversation sends, as both namespaces declare it: the same events, except that an agent's
 * `query:join` also answers with the internal notes. `/chat`'s and `/admin`'s maps both fit it, so one
 * conversation type serves customers and agents, and tells their join results apart by `notes`.
 */
export type ConversationEvents = Pick<ChatClientToServerEvents, 'query:leave' | 'message:send' | 'typing' | 'message:read'> & {
  'query:join': (payload: QueryJoinPayload, ack: AckCallback<QueryJoinResult | AdminQueryJoinResult>) => void;
};

// Both namespaces' maps must stay usable as a conversation's: a drift here is a compile error.
type Fits<Events extends ConversationEvents> = Events;
export type ChatFitsConversation = Fits<ChatClientToServerEvents>;
export type AdminFitsConversation = Fits<AdminClientToServerEvents>;
