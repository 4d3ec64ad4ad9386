/**
 * The client → server events both namespaces share (/chat for customers,
 * /admin for staff): join/leave, send, typing, read receipts.
 */
import {
  Rooms, messageReadSchema, messageSendSchema, queryJoinSchema, queryRefSchema, typingSchema,
} from '@parley/protocol';
import type { AdminClientToServerEvents, ChatClientToServerEvents } from '@parley/protocol';
import type { AppContext } from '../app-context.js';
import type { EventTable } from './event-table.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { TypingRelay } from './typing-relay.js';
import type { EventLimit } from './event-binding.js';

/** The events both namespaces answer alike (`query:join` answers differently: see {@link joinEvents}). */
export type ConversationEvents = Pick<ChatClientToServerEvents, 'query:leave' | 'message:send' | 'typing' | 'message:read'>;

/**
 * `query:join` per namespace: customers get the public stream, agents also the
 * internal notes. Subscribes first, reads second: whatever commits in between
 * arrives live, and the client dedups by seq.
 */
export function joinEvents(ctx: AppContext, limiter: RateLimiter, customerLimiter: RateLimiter): {
  chat: EventTable<Pick<ChatClientToServerEvents, 'query:join'>>;
  admin: EventTable<Pick<AdminClientToServerEvents, 'query:join'>>;
} {
  return {
    chat: {
      'query:join': {
        schema: queryJoinSchema,
        // A join reads up to two pages of 501 rows: limited on its own, tighter than other events; a customer's
        // joins also across all their sockets and nodes, so that twenty sockets are not twenty times the reads.
        limits: [{ limiter, per: 'connection' }, { limiter: customerLimiter, per: 'user' }],
        handler: async ({ socket, user }, payload) => {
          await ctx.queries.access(user, payload.queryId);
          await socket.join(Rooms.query(payload.queryId));
          const result = await ctx.messages.resume(user, payload);
          // The assignee's presence as it is now: the customer may have missed the change that assigned it (a reply
          // that took the query while they were away), and presence events only tell what changes after.
          const assignee = result.query.assignee;
          if (assignee) socket.emit('presence', { agentId: assignee.id, status: await ctx.presence.status(assignee.id) });
          // Notes never reach a customer, not even as empty fields.
          return { query: result.query, messages: result.messages, hasMore: result.hasMore, timeline: result.timeline ?? [] };
        },
      },
    },
    admin: {
      'query:join': {
        schema: queryJoinSchema,
        limits: [{ limiter, per: 'connection' }],
        handler: async ({ socket, user }, payload) => {
          const query = await ctx.queries.access(user, payload.queryId);
          // The customer's room too: the agent hears whether this customer is online (the customer panel).
          await socket.join([Rooms.query(payload.queryId), Rooms.customer(query.customer.id)]);
          return ctx.messages.resume(user, payload);
        },
      },
    },
  };
}

/**
 * `messageLimits`: message:send's own (every other event here uses the connection's general one);
 * `typing`: the relay that coalesces and limits typing per user.
 */
export function conversationEvents(ctx: AppContext, messageLimits: readonly EventLimit[], typing: TypingRelay): EventTable<ConversationEvents> {
  return {
    'query:leave': {
      schema: queryRefSchema,
      handler: async ({ socket, user }, payload) => {
        await ctx.queries.access(user, payload.queryId);
        await socket.leave(Rooms.query(payload.queryId));
      },
    },

    'message:send': {
      schema: messageSendSchema,
      limits: messageLimits,
      // One connection's messages take seqs in the order it sent them.
      ordered: true,
      handler: async ({ socket, user }, payload, gate) => {
        const { stored } = await ctx.messages.send(user, payload, socket.id);
        // Its seq place is fixed: the connection's next send may go ahead while this one commits.
        gate.queued();
        const { message } = await stored;
        return { message };
      },
    },

    typing: {
      schema: typingSchema,
      ackOptional: true,
      handler: async ({ socket, user }, payload) => {
        await typing.typing(socket, user, payload);
      },
    },

    'message:read': {
      schema: messageReadSchema,
      ackOptional: true,
      handler: async ({ socket, user }, payload) => {
        await ctx.messages.markRead(user, payload.queryId, payload.seq, socket.id);
      },
    },
  };
}
