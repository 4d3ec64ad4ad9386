/** The `teams` and `team_members` rows in both stores, and their mapping to the protocol's Team. */
import type { Team } from '@parley/protocol';
import type { DbBoolean } from './rows.js';

export interface TeamRow {
  id: string;
  name: string;
  is_default: DbBoolean;
  auto_assign: DbBoolean;
  capacity: number;
  created_at: string;
}

export function toTeam(row: TeamRow, memberIds: readonly string[]): Team {
  return {
    id: row.id,
    name: row.name,
    isDefault: Boolean(row.is_default),
    autoAssign: Boolean(row.auto_assign),
    capacity: Number(row.capacity),
    memberIds: [...memberIds].sort(),
    createdAt: row.created_at,
  };
}
