/**
 * Teams in the PostgreSQL store (migration 10) and auto-assignment. A round takes a transaction-scoped
 * advisory lock on its team first, so two nodes' rounds for the same team run one after the other and each
 * sees the loads the other left; `WHERE assignee_id IS NULL` keeps a query a person assigned meanwhile.
 */
import type { Team } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { timelineEvents } from '../../timeline/timeline-events.js';
import { queryChangedEvents } from '../../webhooks/webhook-events.js';
import { pickAgent } from '../auto-assign-plan.js';
import type { AutoAssignRequest, NewTeam, QueryUpdate, TeamPatch } from '../store.js';
import { type TeamRow, toTeam } from '../team-rows.js';
import type { PostgresDatabase, Queryable } from './postgres-database.js';
import type { PostgresSupportQueries } from './postgres-support-queries.js';
import type { PostgresTimeline } from './postgres-timeline.js';
import type { PostgresWebhooks } from './postgres-webhooks.js';

export class PostgresTeams {
  constructor(
    private readonly database: PostgresDatabase,
    private readonly queries: PostgresSupportQueries,
    private readonly webhooks: PostgresWebhooks,
    private readonly timeline: PostgresTimeline,
  ) {}

  async list(client?: Queryable): Promise<Team[]> {
    const q = client ?? this.database;
    const rows = await query<TeamRow>(q, 'SELECT * FROM teams ORDER BY name, id');
    const members = await query<{ team_id: string; agent_id: string }>(q, 'SELECT team_id, agent_id FROM team_members');
    return rows.map((row) => toTeam(row, members.filter((m) => m.team_id === row.id).map((m) => m.agent_id)));
  }

  async create(t: NewTeam): Promise<Team> {
    return this.database.transaction(async (client) => {
      if (t.isDefault) await client.query('UPDATE teams SET is_default = false WHERE is_default');
      await client.query(
        'INSERT INTO teams (id, name, is_default, auto_assign, capacity, created_at, hours, auto_reply) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [t.id, t.name, t.isDefault, t.autoAssign, t.capacity, t.createdAt, t.hours ? JSON.stringify(t.hours) : null, t.autoReply],
      );
      await this.#setMembers(client, t.id, t.memberIds);
      return (await this.list(client)).find((x) => x.id === t.id)!;
    });
  }

  async update(id: string, patch: TeamPatch): Promise<Team | null> {
    return this.database.transaction(async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM teams WHERE id = $1 FOR UPDATE', [id]);
      if (!rowCount) return null;
      if (patch.isDefault) await client.query('UPDATE teams SET is_default = false WHERE is_default AND id <> $1', [id]);
      await client.query(
        `UPDATE teams SET name = COALESCE($2, name), is_default = COALESCE($3, is_default), auto_assign = COALESCE($4, auto_assign),
           capacity = COALESCE($5, capacity) WHERE id = $1`,
        [id, patch.name ?? null, patch.isDefault ?? null, patch.autoAssign ?? null, patch.capacity ?? null],
      );
      if (patch.hours !== undefined) await client.query('UPDATE teams SET hours = $2 WHERE id = $1', [id, patch.hours ? JSON.stringify(patch.hours) : null]);
      if (patch.autoReply !== undefined) await client.query('UPDATE teams SET auto_reply = $2 WHERE id = $1', [id, patch.autoReply]);
      if (patch.memberIds !== undefined) await this.#setMembers(client, id, patch.memberIds);
      return (await this.list(client)).find((x) => x.id === id) ?? null;
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.database.transaction(async (client) => {
      await client.query('UPDATE queries SET team_id = NULL WHERE team_id = $1', [id]);
      await client.query('DELETE FROM team_members WHERE team_id = $1', [id]);
      const { rowCount } = await client.query('DELETE FROM teams WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    });
  }

  async autoAssign(r: AutoAssignRequest): Promise<QueryUpdate[]> {
    if (r.candidates.length === 0 || r.limit <= 0) return [];
    return this.database.transaction(async (client) => {
      // One round per team at a time, cluster-wide (released at commit).
      await client.query("SELECT pg_advisory_xact_lock(hashtext('parley:auto-assign:' || $1))", [r.teamId]);
      const { rows: waiting } = await client.query<{ id: string }>(
        `SELECT id FROM queries WHERE team_id = $1 AND assignee_id IS NULL AND status <> 'resolved'${r.queryId ? ' AND id = $3' : ''}
         ORDER BY created_at, id LIMIT $2`,
        r.queryId ? [r.teamId, r.limit, r.queryId] : [r.teamId, r.limit],
      );
      if (waiting.length === 0) return [];
      const { rows: loadRows } = await client.query<{ assignee_id: string; n: string }>(
        "SELECT assignee_id, COUNT(*) AS n FROM queries WHERE status <> 'resolved' AND assignee_id = ANY($1::text[]) GROUP BY assignee_id",
        [r.candidates],
      );
      const loads = new Map(loadRows.map((x) => [x.assignee_id, Number(x.n)]));
      const updates: QueryUpdate[] = [];
      for (const { id } of waiting) {
        const agent = pickAgent(loads, r.candidates, r.capacity);
        if (agent === null) break;
        const before = await this.queries.get(id, client, true);
        if (!before || before.assignee) continue;
        await client.query('UPDATE queries SET assignee_id = $1, updated_at = $2 WHERE id = $3 AND assignee_id IS NULL', [agent, r.at, id]);
        const after = (await this.queries.get(id, client))!;
        await this.webhooks.record(client, queryChangedEvents(before, after, r.at));
        const timeline = timelineEvents(before, after, null, r.at);
        await this.timeline.record(client, timeline);
        updates.push({ query: after, changed: true, timeline });
      }
      return updates;
    });
  }

  async #setMembers(client: Queryable, teamId: string, agentIds: readonly string[]): Promise<void> {
    await client.query('DELETE FROM team_members WHERE team_id = $1', [teamId]);
    const ids = [...new Set(agentIds)];
    if (ids.length === 0) return;
    const { rows } = await client.query<{ id: string }>('SELECT id FROM agents WHERE id = ANY($1::text[])', [ids]);
    const known = new Set(rows.map((r) => r.id));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown) throw new AppError('invalid_payload', `no agent with id ${unknown}`);
    await client.query('INSERT INTO team_members (team_id, agent_id) SELECT $1, unnest($2::text[])', [teamId, ids]);
  }
}

async function query<T>(q: Queryable | PostgresDatabase, sql: string): Promise<T[]> {
  const result = await (q as Queryable).query(sql);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
