import { randomUUID } from 'node:crypto';
import type { Agent, AgentWithPresence, CreateAgentRequest, UpdateAgentRequest } from '@parley/protocol';
import { hashPassword } from '../auth/passwords.js';
import type { DomainEvents } from '../domain/domain-events.js';
import { AppError } from '../errors/app-error.js';
import type { PresenceTracker } from '../realtime/presence.js';
import type { Store } from '../store/store.js';

/** Agents and admins: listing with presence, creation and changes (admins only; the transport checks the role). */
export class AgentService {
  constructor(
    private readonly store: Store,
    private readonly events: DomainEvents,
    private readonly presence: Pick<PresenceTracker, 'statuses'>,
  ) {}

  async list(): Promise<AgentWithPresence[]> {
    const agents = await this.store.listAgents();
    const statuses = await this.presence.statuses(agents.filter((a) => a.active).map((a) => a.id));
    return agents.map((a) => ({ ...a, status: statuses.get(a.id) ?? 'offline' }));
  }

  async create(input: CreateAgentRequest): Promise<Agent> {
    return this.store.createAgent({
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: new Date().toISOString(),
    });
  }

  /**
   * Refuses to leave the team without an active admin. Deactivation revokes the agent's tokens and closes their
   * sockets, so that reactivating them later does not bring a leaked token back to life; a new password revokes
   * all their tokens and closes them too.
   */
  async update(id: string, patch: UpdateAgentRequest): Promise<Agent> {
    // Hash before touching the store: the last-admin check and the update must not have an await between them.
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    const current = await this.store.getAgent(id);
    if (!current) throw new AppError('not_found', 'agent not found');
    const updated = await this.store.updateAgent(id, {
      name: patch.name,
      role: patch.role,
      active: patch.active,
      passwordHash,
      // A new password signs the agent out everywhere: whoever knew the old one keeps no session. Deactivation
      // too: the tokens of before would otherwise work again the moment an admin reactivates the account.
      // Reactivation as well, for accounts deactivated before deactivation revoked.
      revokeTokens: passwordHash !== undefined || (patch.active !== undefined && patch.active !== current.active),
      keepAnActiveAdmin: true,
    });
    if (!updated) throw new AppError('not_found', 'agent not found');
    if (current.active && !updated.active) this.events.emit('agent:deactivated', { agentId: id });
    else if (passwordHash !== undefined) this.events.emit('agent:signed-out', { agentId: id });
    return updated;
  }
}
