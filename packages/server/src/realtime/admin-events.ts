/** The /admin-only client → server events: assignment, status and presence. */
import { presenceSetSchema, queryAssignSchema, queryRefSchema } from '@parley/protocol';
import type { AdminClientToServerEvents, ChatClientToServerEvents } from '@parley/protocol';
import type { AppContext } from '../app-context.js';
import type { EventTable } from './event-table.js';

/** The events only /admin has. */
export type AdminOnlyEvents = Omit<AdminClientToServerEvents, keyof ChatClientToServerEvents>;

export function adminEvents(ctx: AppContext): EventTable<AdminOnlyEvents> {
  return {
    'query:assign': {
      schema: queryAssignSchema,
      handler: async ({ socket, user }, p) => ({ query: await ctx.queries.assign(user, p.queryId, p.agentId, socket.id) }),
    },
    'query:resolve': {
      schema: queryRefSchema,
      handler: async ({ socket, user }, p) => ({ query: await ctx.queries.resolve(user, p.queryId, socket.id) }),
    },
    'query:reopen': {
      schema: queryRefSchema,
      handler: async ({ socket, user }, p) => ({ query: await ctx.queries.reopen(user, p.queryId, socket.id) }),
    },
    'presence:set': {
      schema: presenceSetSchema,
      ackOptional: true,
      handler: async ({ user }, p) => {
        await ctx.presence.set(user.id, p.status);
      },
    },
  };
}
