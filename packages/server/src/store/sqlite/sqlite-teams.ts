/**
 * Teams in the embedded store (migration 14) and auto-assignment: one transaction per round, which the single
 * writer already keeps apart from every other change, so a round sees loads no one else is changing.
 */
import type { Team } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { timelineEvents } from '../../timeline/timeline-events.js';
import { queryChangedEvents } from '../../webhooks/webhook-events.js';
import { pickAgent } from '../auto-assign-plan.js';
import type { AutoAssignRequest, NewTeam, QueryUpdate, TeamPatch } from '../store.js';
import { type TeamRow, toTeam } from '../team-rows.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteSupportQueries } from './sqlite-support-queries.js';
import type { SqliteTimeline } from './sqlite-timeline.js';
import type { SqliteWebhooks } from './sqlite-webhooks.js';

export class SqliteTeams {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly queries: SqliteSupportQueries,
    private readonly webhooks: SqliteWebhooks,
    private readonly timeline: SqliteTimeline,
  ) {}

  list(): Team[] {
    this.database.assertOpen();
    const rows = this.database.sql('SELECT * FROM teams ORDER BY name, id').all() as unknown as TeamRow[];
    const members = this.database.sql('SELECT team_id, agent_id FROM team_members').all() as Array<{ team_id: string; agent_id: string }>;
    return rows.map((row) => toTeam(row, members.filter((m) => m.team_id === row.id).map((m) => m.agent_id)));
  }

  create(t: NewTeam): Team {
    this.database.assertOpen();
    this.database.transaction(() => {
      if (t.isDefault) this.database.sql('UPDATE teams SET is_default = 0 WHERE is_default = 1').run();
      this.database
        .sql('INSERT INTO teams (id, name, is_default, auto_assign, capacity, created_at, hours, auto_reply) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(t.id, t.name, t.isDefault ? 1 : 0, t.autoAssign ? 1 : 0, t.capacity, t.createdAt, t.hours ? JSON.stringify(t.hours) : null, t.autoReply);
      this.#setMembers(t.id, t.memberIds);
    });
    return this.#get(t.id)!;
  }

  update(id: string, patch: TeamPatch): Team | null {
    this.database.assertOpen();
    if (!this.#get(id)) return null;
    this.database.transaction(() => {
      if (patch.isDefault) this.database.sql('UPDATE teams SET is_default = 0 WHERE is_default = 1 AND id <> ?').run(id);
      const set = (column: string, value: string | number | null) => this.database.sql(`UPDATE teams SET ${column} = ? WHERE id = ?`).run(value, id);
      if (patch.name !== undefined) set('name', patch.name);
      if (patch.isDefault !== undefined) set('is_default', patch.isDefault ? 1 : 0);
      if (patch.autoAssign !== undefined) set('auto_assign', patch.autoAssign ? 1 : 0);
      if (patch.capacity !== undefined) set('capacity', patch.capacity);
      if (patch.hours !== undefined) set('hours', patch.hours ? JSON.stringify(patch.hours) : null);
      if (patch.autoReply !== undefined) set('auto_reply', patch.autoReply);
      if (patch.memberIds !== undefined) this.#setMembers(id, patch.memberIds);
    });
    return this.#get(id);
  }

  delete(id: string): boolean {
    this.database.assertOpen();
    let deleted = false;
    this.database.transaction(() => {
      this.database.sql('UPDATE queries SET team_id = NULL WHERE team_id = ?').run(id);
      this.database.sql('DELETE FROM team_members WHERE team_id = ?').run(id);
      deleted = Number(this.database.sql('DELETE FROM teams WHERE id = ?').run(id).changes) > 0;
    });
    return deleted;
  }

  autoAssign(r: AutoAssignRequest): QueryUpdate[] {
    this.database.assertOpen();
    if (r.candidates.length === 0 || r.limit <= 0) return [];
    const updates: QueryUpdate[] = [];
    this.database.transaction(() => {
      const waiting = this.database
        .sql(
          `SELECT id FROM queries WHERE team_id = ? AND assignee_id IS NULL AND status <> 'resolved'${r.queryId ? ' AND id = ?' : ''}
           ORDER BY created_at, id LIMIT ?`,
        )
        .all(...[r.teamId, ...(r.queryId ? [r.queryId] : []), r.limit]) as Array<{ id: string }>;
      if (waiting.length === 0) return;
      const loads = new Map(
        (this.database
          .sql(`SELECT assignee_id, COUNT(*) AS n FROM queries WHERE status <> 'resolved' AND assignee_id IN (SELECT value FROM json_each(?)) GROUP BY assignee_id`)
          .all(JSON.stringify(r.candidates)) as Array<{ assignee_id: string; n: number }>).map((x) => [x.assignee_id, Number(x.n)]),
      );
      const assign = this.database.sql('UPDATE queries SET assignee_id = ?, updated_at = ? WHERE id = ? AND assignee_id IS NULL');
      for (const { id } of waiting) {
        const agent = pickAgent(loads, r.candidates, r.capacity);
        if (agent === null) break;
        const before = this.queries.get(id)!;
        assign.run(agent, r.at, id);
        const after = this.queries.get(id)!;
        this.webhooks.record(queryChangedEvents(before, after, r.at));
        const timeline = timelineEvents(before, after, null, r.at);
        this.timeline.record(timeline);
        updates.push({ query: after, changed: true, timeline });
      }
    });
    return updates;
  }

  #get(id: string): Team | null {
    return this.list().find((t) => t.id === id) ?? null;
  }

  #setMembers(teamId: string, agentIds: readonly string[]): void {
    this.database.sql('DELETE FROM team_members WHERE team_id = ?').run(teamId);
    const insert = this.database.sql('INSERT INTO team_members (team_id, agent_id) VALUES (?, ?)');
    for (const agentId of new Set(agentIds)) {
      if (!this.database.sql('SELECT 1 FROM agents WHERE id = ?').get(agentId)) throw new AppError('invalid_payload', `no agent with id ${agentId}`);
      insert.run(teamId, agentId);
    }
  }
}
