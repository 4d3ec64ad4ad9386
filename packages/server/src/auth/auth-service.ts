/**
 * Signing in and checking who a token belongs to, without any transport.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Agent, AgentAuthResponse, CustomerAuthResponse, UserRef } from '@parley/protocol';
import type { CustomerAuthRequest, LoginRequest, UpdateMeRequest, UpdateMeResponse } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import type { DomainEvents } from '../domain/domain-events.js';
import type { Store } from '../store/store.js';
import { verifyIdentityToken } from './identity.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { TokenService, VerifiedToken } from './tokens.js';

export interface VisitorInput {
  name?: string;
  email?: string;
  resumeKey?: string;
}

function hashResumeKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function agentRef(agent: Agent): UserRef {
  return { id: agent.id, role: agent.role, name: agent.name };
}

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly tokens: TokenService,
    private readonly identitySecret: string | undefined,
    private readonly events: DomainEvents,
  ) {}

  /**
   * A new visitor (with a fresh resumeKey), or — given a resumeKey — the same
   * visitor again: how a visitor's session is renewed without losing queries.
   */
  async visitor(input: VisitorInput): Promise<CustomerAuthResponse & { resumeKey: string }> {
    if (input.resumeKey !== undefined) {
      const customer = await this.store.findCustomerByResumeKeyHash(hashResumeKey(input.resumeKey));
      if (!customer) throw new AppError('invalid_credentials', 'unknown resume key');
      const token = await this.tokens.sign({ id: customer.id, role: 'customer', name: customer.name });
      return { token, customer, resumeKey: input.resumeKey };
    }
    // 32 random bytes: a secret as strong as a key, so sha256 (not a slow hash) is enough to store it.
    const resumeKey = randomBytes(32).toString('base64url');
    const customer = await this.store.createCustomer({
      id: randomUUID(),
      name: input.name ?? `Visitor ${randomBytes(2).readUInt16BE() % 10000}`,
      email: input.email ?? null,
      externalId: null,
      resumeKeyHash: hashResumeKey(resumeKey),
      createdAt: new Date().toISOString(),
    });
    const token = await this.tokens.sign({ id: customer.id, role: 'customer', name: customer.name });
    return { token, customer, resumeKey };
  }

  /**
   * A customer identified by the host application, whose backend signed the identity with IDENTITY_SECRET
   * (auth/identity.ts). The name and email it carries, covered by the signature, update the customer's.
   */
  async identifiedCustomer(input: CustomerAuthRequest): Promise<CustomerAuthResponse> {
    if (!this.identitySecret) {
      throw new AppError('forbidden', 'signed customer identities are not enabled on this server (IDENTITY_SECRET is unset)');
    }
    const identity = await verifyIdentityToken(input.identity, this.identitySecret);
    const customer = await this.store.upsertCustomerByExternalId({
      id: randomUUID(),
      name: identity.name ?? identity.externalId,
      email: identity.email ?? null,
      externalId: identity.externalId,
      resumeKeyHash: null,
      createdAt: new Date().toISOString(),
    }, { keepName: identity.name === undefined });
    const token = await this.tokens.sign({ id: customer.id, role: 'customer', name: customer.name });
    return { token, customer };
  }

  /** Email + password; an unknown email costs the same time as a wrong password. */
  async login(input: LoginRequest): Promise<AgentAuthResponse> {
    const record = await this.store.getAgentByEmail(input.email);
    const ok = await verifyPassword(input.password, record?.passwordHash ?? (await dummyPasswordHash));
    if (!record || !ok || !record.active) throw new AppError('invalid_credentials', 'wrong email or password');
    const { passwordHash: _hash, tokenVersion, ...agent } = record;
    return { token: await this.tokens.sign(agentRef(agent), tokenVersion), agent };
  }

  /**
   * Who holds this token. Staff are looked up again, so a deactivated agent or a
   * revoked token is refused at once and a changed role or name applies without
   * a new sign-in.
   */
  async authenticate(token: unknown): Promise<VerifiedToken> {
    const verified = await this.tokens.verify(token);
    return { ...verified, user: await this.currentUser(verified.user, verified.ver) };
  }

  /**
   * The user a verified token (signed at `tokenVersion`) names, as they are now.
   * @throws AppError('invalid_token') for a customer who does not exist (a token
   * from another deployment sharing the secret, or a wiped database), an agent
   * who is unknown or deactivated, or a staff token revoked since it was signed.
   */
  async currentUser(user: UserRef, tokenVersion: number): Promise<UserRef> {
    if (user.role === 'customer') {
      const customer = await this.store.getCustomer(user.id);
      if (!customer) throw new AppError('invalid_token', 'this customer does not exist');
      // The name as it is now: an agent may have corrected it since the token was signed.
      return { ...user, name: customer.name };
    }
    const agent = await this.store.getAgent(user.id);
    if (!agent || !agent.active) throw new AppError('invalid_token', 'this account is deactivated');
    if (agent.tokenVersion !== tokenVersion) throw new AppError('invalid_token', 'this session was signed out; sign in again');
    return agentRef(agent);
  }

  /** A fresh token for the bearer of a still-valid one. */
  async refresh(token: unknown): Promise<string> {
    const { user, ver } = await this.authenticate(token);
    return this.tokens.sign(user, user.role === 'customer' ? undefined : ver);
  }

  /**
   * A staff member changes their own name or password. A new password needs the current one (a session left
   * open on a shared computer must not be enough to take the account over), revokes every other token and
   * closes their other sockets, and comes back with a fresh token for the caller.
   * @throws AppError invalid_credentials (wrong current password) | forbidden (customers)
   */
  async updateSelf(user: UserRef, input: UpdateMeRequest): Promise<UpdateMeResponse> {
    if (user.role === 'customer') throw new AppError('forbidden', 'only staff have a profile');
    const current = await this.store.getAgent(user.id);
    if (!current?.active) throw new AppError('invalid_token', 'this account is deactivated');
    if (input.password !== undefined && !(await verifyPassword(input.currentPassword ?? '', current.passwordHash))) {
      throw new AppError('invalid_credentials', 'your current password is not right');
    }
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    await this.store.updateAgent(user.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(passwordHash !== undefined ? { passwordHash, revokeTokens: true } : {}),
    });
    const record = await this.store.getAgent(user.id);
    if (!record?.active) throw new AppError('invalid_token', 'this account is deactivated');
    const { passwordHash: _hash, tokenVersion, ...agent } = record;
    if (passwordHash === undefined) return { agent };
    this.events.emit('agent:signed-out', { agentId: user.id });
    return { agent, token: await this.tokens.sign(agentRef(record), tokenVersion) };
  }

  /**
   * Revokes every token of this staff member (all their browsers and devices
   * are signed out; their live sockets are closed) and returns a fresh token
   * for the caller, who stays signed in.
   */
  async signOutEverywhere(user: UserRef): Promise<string> {
    if (user.role === 'customer') throw new AppError('forbidden', 'only staff sign out everywhere');
    await this.store.updateAgent(user.id, { revokeTokens: true });
    // Read after the write: a concurrent sign-out elsewhere may have raised it further, and then it wins.
    const record = await this.store.getAgent(user.id);
    if (!record?.active) throw new AppError('invalid_token', 'this account is deactivated');
    this.events.emit('agent:signed-out', { agentId: user.id });
    return this.tokens.sign(agentRef(record), record.tokenVersion);
  }
}
