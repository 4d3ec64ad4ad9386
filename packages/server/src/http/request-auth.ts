import type { UserRef } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/auth-service.js';
import { AppError } from '../errors/app-error.js';
import { isStaff } from '../auth/roles.js';

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  // A header that is there but not a bearer token is "not a token at all": unauthorized.
  return match?.[1] ?? '';
}

/** Route guards: each resolves to the caller or throws the right refusal. */
export class RequestAuth {
  constructor(private readonly auth: AuthService) {}

  async user(request: FastifyRequest): Promise<UserRef> {
    const { user } = await this.auth.authenticate(bearerToken(request));
    request.log = request.log.child({ userId: user.id });
    return user;
  }

  async staff(request: FastifyRequest): Promise<UserRef> {
    const user = await this.user(request);
    if (!isStaff(user)) throw new AppError('forbidden', 'agents only');
    return user;
  }

  async admin(request: FastifyRequest): Promise<UserRef> {
    const user = await this.user(request);
    if (user.role !== 'admin') throw new AppError('forbidden', 'admins only');
    return user;
  }
}
