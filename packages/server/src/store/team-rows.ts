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
  /** JSON of BusinessHours (migration 15 / 11), null: always open. */
  hours?: string | null;
  auto_reply?: string | null;
}

export function toTeam(row: TeamRow, memberIds: readonly string[]): Team {
  return {
    id: row.id,
    name: row.name,
    isDefault: Boolean(row.is_default),
    autoAssign: Boolean(row.auto_assign),
    capacity: Number(row.capacity),
    hours: row.hours ? (JSON.parse(row.hours) as Team['hours']) : null,
    autoReply: row.auto_reply ?? null,
    memberIds: [...memberIds].sort(),
    createdAt: row.created_at,
  };
}
