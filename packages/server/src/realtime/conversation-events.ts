/**
 * The client → server events both namespaces share (/chat for customers,
 * /admin for staff): join/leave, send, typing, read receipts.
 */
import {
  Rooms, messageReadSchema, messageSendSchema, queryJoinSchema, queryRefSchema, typingSchema,
} from '@parley/protocol';
import type { AppContext } from '../app-context.js';
import { AppError } from '../errors/app-error.js';
import { isStaff } from '../queries/query-view.js';
import { defineEvent, type EventSpec } from './event-binding.js';
import type { RateLimiter } from './rate-limits.js';
import type { Namespaces } from './namespaces.js';

/** The limiters of the events that have their own (every other event uses the connection's general one). */
export interface ConversationLimiters {
  message: RateLimiter;
  join: RateLimiter;
}

export function conversationEvents(ctx: AppContext, nsps: Namespaces, limiters: ConversationLimiters): Record<string, EventSpec> {
  return {
    'query:join': defineEvent({
      schema: queryJoinSchema,
      // A join reads up to two pages of 501 rows: limited on its own, tighter than other events.
      limiter: limiters.join,
      handler: async ({ socket, user }, payload) => {
        await ctx.queries.access(user, payload.queryId);
        // Subscribe first, read second: whatever commits in between arrives live, and the client dedups by seq.
        await socket.join(Rooms.query(payload.queryId));
        const result = await ctx.messages.resume(user, payload);
        if (user.role === 'customer') return { query: result.query, messages: result.messages, hasMore: result.hasMore };
        return result;
      },
    }),

    'query:leave': defineEvent({
      schema: queryRefSchema,
      handler: async ({ socket, user }, payload) => {
        await ctx.queries.access(user, payload.queryId);
        await socket.leave(Rooms.query(payload.queryId));
      },
    }),

    'message:send': defineEvent({
      schema: messageSendSchema,
      limiter: limiters.message,
      // One connection's messages take seqs in the order it sent them.
      ordered: true,
      handler: async ({ socket, user }, payload, gate) => {
        const { message } = await ctx.messages.send(user, payload, socket.id, gate.queued);
        return { message };
      },
    }),

    typing: defineEvent({
      schema: typingSchema,
      ackOptional: true,
      handler: async ({ socket, user }, payload) => {
        if (payload.internal && !isStaff(user)) throw new AppError('forbidden', 'only agents write internal notes');
        await ctx.queries.access(user, payload.queryId);
        const event = { queryId: payload.queryId, user, typing: payload.typing };
        const room = Rooms.query(payload.queryId);
        if (!payload.internal) nsps.chat.to(room).except(socket.id).volatile.emit('typing', event);
        nsps.admin.to(room).except(socket.id).volatile.emit('typing', event);
      },
    }),

    'message:read': defineEvent({
      schema: messageReadSchema,
      ackOptional: true,
      handler: async ({ socket, user }, payload) => {
        await ctx.messages.markRead(user, payload.queryId, payload.seq, socket.id);
      },
    }),
  };
}
