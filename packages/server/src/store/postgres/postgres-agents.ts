/** Agents and admins in the PostgreSQL store, with the "keep an active admin" guard. */
import type { Agent } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import { type AgentRow, toAgent, toAgentRecord } from '../rows.js';
import type { AgentPatch, AgentRecord, NewAgent } from '../store.js';
import type { PostgresDatabase } from './postgres-database.js';

const UNIQUE_VIOLATION = '23505';

export class PostgresAgents {
  constructor(private readonly database: PostgresDatabase) {}

  async count(): Promise<number> {
    const [row] = await this.database.query<{ n: number }>('SELECT count(*)::integer AS n FROM agents');
    return row!.n;
  }

  async countActiveAdmins(): Promise<number> {
    const [row] = await this.database.query<{ n: number }>("SELECT count(*)::integer AS n FROM agents WHERE role = 'admin' AND active");
    return row!.n;
  }

  async create(a: NewAgent): Promise<Agent> {
    try {
      await this.database.query(
        'INSERT INTO agents (id, email, name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, true, $6)',
        [a.id, a.email, a.name, a.role, a.passwordHash, a.createdAt],
      );
    } catch (error) {
      // The unique index on lower(email) decides, also between two nodes creating the same agent.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new AppError('conflict', 'an agent with this email already exists');
      throw error;
    }
    return { id: a.id, email: a.email, name: a.name, role: a.role, active: true, createdAt: a.createdAt };
  }

  async get(id: string): Promise<AgentRecord | null> {
    const [row] = await this.database.query<AgentRow>('SELECT * FROM agents WHERE id = $1', [id]);
    return row ? toAgentRecord(row) : null;
  }

  async getByEmail(email: string): Promise<AgentRecord | null> {
    const [row] = await this.database.query<AgentRow>('SELECT * FROM agents WHERE lower(email) = lower($1)', [email]);
    return row ? toAgentRecord(row) : null;
  }

  async list(): Promise<Agent[]> {
    const rows = await this.database.query<AgentRow>('SELECT * FROM agents ORDER BY name, id');
    return rows.map(toAgent);
  }

  async update(id: string, patch: AgentPatch): Promise<Agent | null> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.role !== undefined) set('role', patch.role);
    if (patch.active !== undefined) set('active', patch.active);
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    if (patch.revokeTokens) sets.push('token_version = token_version + 1');
    if (sets.length === 0) return this.get(id).then((a) => (a ? stripHash(a) : null));
    return this.database.transaction(async (client) => {
      const touchesAdmins = patch.role !== undefined || patch.active !== undefined;
      if (patch.keepAnActiveAdmin && touchesAdmins) {
        // Every change to who is an active admin takes this lock first, so two nodes demoting the last two
        // admins at the same moment run one after the other and the second sees the first's result.
        await client.query("SELECT id FROM agents WHERE role = 'admin' AND active ORDER BY id FOR UPDATE");
      }
      values.push(id);
      const { rows } = await client.query<AgentRow>(`UPDATE agents SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`, values);
      if (patch.keepAnActiveAdmin && touchesAdmins) {
        const { rows: count } = await client.query<{ n: number }>("SELECT count(*)::integer AS n FROM agents WHERE role = 'admin' AND active");
        if (count[0]!.n === 0) throw new AppError('conflict', 'this is the last active admin');
      }
      return rows[0] ? toAgent(rows[0]) : null;
    });
  }
}

function stripHash(record: AgentRecord): Agent {
  const { passwordHash: _hash, tokenVersion: _version, ...agent } = record;
  return agent;
}
