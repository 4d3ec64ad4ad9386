/** The /admin-only client → server events: assignment, status and presence. */
import { presenceSetSchema, queryAssignSchema, queryRefSchema } from '@parley/protocol';
import type { AppContext } from '../app-context.js';
import { defineEvent, type EventSpec } from './event-binding.js';

export function adminEvents(ctx: AppContext, publishPresence: (agentId: string, status: 'online' | 'away' | 'offline') => void): Record<string, EventSpec> {
  return {
    'query:assign': defineEvent({
      schema: queryAssignSchema,
      handler: async ({ socket, user }, p) => ({ query: await ctx.queries.assign(user, p.queryId, p.agentId, socket.id) }),
    }),
    'query:resolve': defineEvent({
      schema: queryRefSchema,
      handler: async ({ socket, user }, p) => ({ query: await ctx.queries.resolve(user, p.queryId, socket.id) }),
    }),
    'query:reopen': defineEvent({
      schema: queryRefSchema,
      handler: async ({ socket, user }, p) => ({ query: await ctx.queries.reopen(user, p.queryId, socket.id) }),
    }),
    'presence:set': defineEvent({
      schema: presenceSetSchema,
      ackOptional: true,
      handler: async ({ user }, p) => {
        const changed = ctx.presence.set(user.id, p.status);
        if (changed) publishPresence(user.id, changed);
      },
    }),
  };
}
