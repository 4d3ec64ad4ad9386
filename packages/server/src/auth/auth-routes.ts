import { customerAuthSchema, loginSchema, RestRoutes, updateMeSchema, visitorAuthSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { AppError } from '../errors/app-error.js';
import { parseOrThrow } from '../http/validate.js';
import { bearerToken } from '../http/request-auth.js';

/** /api/auth/*: sign-in routes, rate limited more strictly than the rest (see http/app.ts). */
export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext, rateLimit: false | { max: number; timeWindow: number }): void {
  const config = { rateLimit };

  app.post('/api/auth/visitor', { config }, async (request, reply) => {
    const input = parseOrThrow(visitorAuthSchema, request.body ?? {}, 'body');
    return reply.status(201).send(await ctx.auth.visitor(input));
  });

  app.post('/api/auth/customer', { config }, async (request, reply) => {
    if (typeof request.body === 'object' && request.body !== null && 'signature' in request.body) {
      throw new AppError(
        'invalid_payload',
        'this identity uses the old signature format (a hex HMAC), which Parley no longer accepts because it was ambiguous ' +
          'and did not cover name and email: sign a JWT with IDENTITY_SECRET and send { identity } (docs/embedding.md)',
      );
    }
    const input = parseOrThrow(customerAuthSchema, request.body, 'body');
    return reply.status(201).send(await ctx.auth.identifiedCustomer(input));
  });

  app.post('/api/auth/login', { config }, async (request) => {
    const input = parseOrThrow(loginSchema, request.body, 'body');
    return ctx.auth.login(input);
  });

  app.post('/api/auth/refresh', { config }, async (request) => {
    return { token: await ctx.auth.refresh(bearerToken(request)) };
  });

  // Staff: their own name and password (a new password signs every other session out; the answer carries a fresh token).
  app.patch(RestRoutes.me, { config }, async (request) => {
    const user = await ctx.requestAuth.staff(request);
    return ctx.auth.updateSelf(user, parseOrThrow(updateMeSchema, request.body, 'body'));
  });

  // Staff: revokes every token of the caller (their other browsers and devices stop) and returns a fresh one.
  app.post('/api/auth/sign-out-everywhere', { config }, async (request) => {
    const user = await ctx.requestAuth.staff(request);
    return { token: await ctx.auth.signOutEverywhere(user) };
  });
}
