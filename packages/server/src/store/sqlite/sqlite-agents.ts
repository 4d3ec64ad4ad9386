/** Agents and admins in the embedded store, with the "keep an active admin" guard. */
import type { SQLInputValue } from 'node:sqlite';
import type { Agent } from '@parley/protocol';
import { AppError } from '../../errors/app-error.js';
import type { AgentPatch, AgentRecord, NewAgent } from '../store.js';
import { type AgentRow, toAgent, toAgentRecord } from '../rows.js';
import type { SqliteDatabase } from './sqlite-database.js';

const COUNT_ACTIVE_ADMINS = "SELECT COUNT(*) AS n FROM agents WHERE role = 'admin' AND active = 1";

export class SqliteAgents {
  constructor(private readonly database: SqliteDatabase) {}

  count(): number {
    this.database.assertOpen();
    return (this.database.sql('SELECT COUNT(*) AS n FROM agents').get() as { n: number }).n;
  }

  countActiveAdmins(): number {
    this.database.assertOpen();
    return (this.database.sql(COUNT_ACTIVE_ADMINS).get() as { n: number }).n;
  }

  create(a: NewAgent): Agent {
    this.database.assertOpen();
    if (this.database.sql('SELECT 1 FROM agents WHERE email = ?').get(a.email)) {
      throw new AppError('conflict', 'an agent with this email already exists');
    }
    this.database
      .sql('INSERT INTO agents (id, email, name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)')
      .run(a.id, a.email, a.name, a.role, a.passwordHash, a.createdAt);
    return { id: a.id, email: a.email, name: a.name, role: a.role, active: true, createdAt: a.createdAt };
  }

  get(id: string): AgentRecord | null {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row ? toAgentRecord(row) : null;
  }

  getByEmail(email: string): AgentRecord | null {
    this.database.assertOpen();
    const row = this.database.sql('SELECT * FROM agents WHERE email = ?').get(email) as AgentRow | undefined;
    return row ? toAgentRecord(row) : null;
  }

  list(): Agent[] {
    this.database.assertOpen();
    const rows = this.database.sql('SELECT * FROM agents ORDER BY name, id').all() as unknown as AgentRow[];
    return rows.map(toAgent);
  }

  update(id: string, patch: AgentPatch): Agent | null {
    this.database.assertOpen();
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    if (patch.name !== undefined) (sets.push('name = ?'), values.push(patch.name));
    if (patch.role !== undefined) (sets.push('role = ?'), values.push(patch.role));
    if (patch.active !== undefined) (sets.push('active = ?'), values.push(patch.active ? 1 : 0));
    if (patch.passwordHash !== undefined) (sets.push('password_hash = ?'), values.push(patch.passwordHash));
    if (patch.revokeTokens) sets.push('token_version = token_version + 1');
    if (sets.length > 0) {
      // Checked after the write, inside its transaction: two concurrent demotions cannot both pass.
      this.database.transaction(() => {
        this.database.sql(`UPDATE agents SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
        const touchesAdmins = patch.role !== undefined || patch.active !== undefined;
        if (patch.keepAnActiveAdmin && touchesAdmins && (this.database.sql(COUNT_ACTIVE_ADMINS).get() as { n: number }).n === 0) {
          throw new AppError('conflict', 'this is the last active admin');
        }
      });
    }
    const row = this.database.sql('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row ? toAgent(row) : null;
  }
}
