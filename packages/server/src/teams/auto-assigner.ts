/**
 * Routing without a dispatcher: hands the unassigned queries of auto-assigning teams to their online agents
 * (teams/…; the store picks the least loaded below capacity, atomically per team across nodes). A round runs
 * for a team when one of its queries is created or changes (a reopening, a resolution freeing capacity, a
 * transfer), when one of its agents comes online, when an admin changes it — and every {@link SWEEP_MS} for
 * every team, which also covers what happened on a node that died before its round.
 * Rounds for one team never overlap on a node; a trigger during a round asks for one more.
 */
import type { Query } from '@parley/protocol';
import type { Logger } from 'pino';
import type { DomainEvents } from '../domain/domain-events.js';
import type { PresenceTracker } from '../realtime/presence.js';
import type { Store } from '../store/store.js';

export const SWEEP_MS = 15_000;
/** Queries handed out per round at most (a round is one transaction). */
export const ROUND_LIMIT = 50;

export class AutoAssigner {
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;

  constructor(
    private readonly store: Pick<Store, 'listTeams' | 'autoAssign'>,
    private readonly presence: Pick<PresenceTracker, 'statuses'>,
    private readonly events: DomainEvents,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  start(): void {
    this.events.on('query:created', this.#onQuery);
    this.events.on('query:changed', this.#onQuery);
    this.events.on('presence:changed', this.#onPresence);
    this.events.on('team:changed', this.#onTeam);
    this.#timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.#timer.unref();
  }

  /** Stops listening and waits for the rounds in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.events.off('query:created', this.#onQuery);
    this.events.off('query:changed', this.#onQuery);
    this.events.off('presence:changed', this.#onPresence);
    this.events.off('team:changed', this.#onTeam);
    if (this.#timer) clearInterval(this.#timer);
    await Promise.allSettled([...this.#running.values()]);
  }

  /** A round for every auto-assigning team. */
  async sweep(): Promise<void> {
    try {
      const teams = await this.store.listTeams();
      await Promise.all(teams.filter((t) => t.autoAssign).map((t) => this.round(t.id)));
    } catch (error) {
      this.log.warn({ err: error }, 'auto-assignment sweep failed; the next one tries again');
    }
  }

  /** Runs a round for the team now, or once more after the one in flight. Resolves when it has run. */
  round(teamId: string): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const running = this.#running.get(teamId);
    if (running) {
      this.#again.add(teamId);
      return running;
    }
    const run = (async () => {
      try {
        do {
          this.#again.delete(teamId);
          await this.#round(teamId);
        } while (this.#again.has(teamId) && !this.#stopped);
      } catch (error) {
        this.log.warn({ err: error, teamId }, 'auto-assignment round failed; the next trigger or sweep tries again');
      } finally {
        this.#running.delete(teamId);
      }
    })();
    this.#running.set(teamId, run);
    return run;
  }

  async #round(teamId: string): Promise<void> {
    const team = (await this.store.listTeams()).find((t) => t.id === teamId);
    if (!team?.autoAssign || team.memberIds.length === 0) return;
    const statuses = await this.presence.statuses(team.memberIds);
    const candidates = team.memberIds.filter((id) => statuses.get(id) === 'online');
    if (candidates.length === 0) return;
    const updates = await this.store.autoAssign({ teamId, candidates, capacity: team.capacity, limit: ROUND_LIMIT, at: new Date().toISOString() });
    for (const update of updates) {
      this.events.emit('query:changed', { query: update.query });
      for (const event of update.timeline) this.events.emit('query:timeline', { event });
    }
  }

  readonly #onQuery = ({ query }: { query: Query }): void => {
    if (query.team) void this.round(query.team.id);
  };

  readonly #onPresence = ({ agentId, status }: { agentId: string; status: string }): void => {
    if (status !== 'online') return;
    void this.store.listTeams().then(
      (teams) => Promise.all(teams.filter((t) => t.autoAssign && t.memberIds.includes(agentId)).map((t) => this.round(t.id))),
      (error: unknown) => this.log.warn({ err: error }, 'could not list teams for auto-assignment'),
    );
  };

  readonly #onTeam = ({ teamId }: { teamId: string }): void => {
    void this.round(teamId);
  };
}
