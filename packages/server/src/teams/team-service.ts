/** Teams as admins manage them (the transport checks the role), and as customers pick one. */
import { randomUUID } from 'node:crypto';
import type { CreateTeamRequest, Team, TeamChoice, UpdateTeamRequest } from '@parley/protocol';
import type { DomainEvents } from '../domain/domain-events.js';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { isOpen, nextOpening } from './business-hours.js';

/** An agent may hold this many open queries before auto-assignment passes them by, unless the admin says. */
export const DEFAULT_CAPACITY = 5;

export class TeamService {
  constructor(
    private readonly store: Pick<Store, 'listTeams' | 'createTeam' | 'updateTeam' | 'deleteTeam'>,
    private readonly events: Pick<DomainEvents, 'emit'>,
  ) {}

  list(): Promise<Team[]> {
    return this.store.listTeams();
  }

  /** What a customer sees: names to pick from. */
  async choices(now = Date.now()): Promise<TeamChoice[]> {
    return (await this.store.listTeams()).map((t) => {
      const next = nextOpening(t.hours, now);
      return { id: t.id, name: t.name, isDefault: t.isDefault, openNow: isOpen(t.hours, now), nextOpenAt: next === null ? null : new Date(next).toISOString() };
    });
  }

  async create(input: CreateTeamRequest): Promise<Team> {
    const team = await this.store.createTeam({
      id: randomUUID(),
      name: input.name,
      isDefault: input.isDefault ?? false,
      autoAssign: input.autoAssign ?? false,
      capacity: input.capacity ?? DEFAULT_CAPACITY,
      memberIds: input.memberIds ?? [],
      hours: input.hours ?? null,
      autoReply: input.autoReply ?? null,
      createdAt: new Date().toISOString(),
    });
    this.events.emit('team:changed', { teamId: team.id });
    return team;
  }

  /** @throws AppError not_found */
  async update(id: string, patch: UpdateTeamRequest): Promise<Team> {
    const team = await this.store.updateTeam(id, patch);
    if (!team) throw new AppError('not_found', 'no team with this id');
    // Auto-assignment switched on, more capacity, new members: waiting queries may be handed out now.
    this.events.emit('team:changed', { teamId: id });
    return team;
  }

  /** @throws AppError not_found */
  async delete(id: string): Promise<void> {
    if (!(await this.store.deleteTeam(id))) throw new AppError('not_found', 'no team with this id');
    this.events.emit('team:changed', { teamId: id });
  }
}
