/**
 * Teams: admins group agents into teams; a query belongs to one (the customer picks it from the list, or it
 * goes to the default team). A team with auto-assignment hands each new or reopened unassigned query to its
 * online agent with the fewest open queries, below the team's capacity per agent; when nobody can take it, it
 * waits in the team's queue and is handed out as soon as someone comes online or frees capacity.
 */
import { z } from 'zod';
import { personNameSchema } from './schemas.js';

export interface Team {
  id: string;
  name: string;
  /** New queries go here when the customer picks none. At most one team is the default. */
  isDefault: boolean;
  autoAssign: boolean;
  /** Open (not resolved) queries an agent of this team may have before auto-assignment skips them. */
  capacity: number;
  /** Agent ids (staff only; empty in what customers receive). */
  memberIds: string[];
  createdAt: string;
}

/** What customers see of a team: enough to pick one. */
export interface TeamChoice {
  id: string;
  name: string;
  isDefault: boolean;
}

export interface TeamListResponse {
  teams: Team[];
}

export interface TeamChoicesResponse {
  teams: TeamChoice[];
}

export interface TeamResponse {
  team: Team;
}

export const TEAM_LIMITS = { CAPACITY_MAX: 100, MEMBERS_MAX: 500 } as const;

const capacity = z.int().min(1).max(TEAM_LIMITS.CAPACITY_MAX);
const memberIds = z.array(z.uuid()).max(TEAM_LIMITS.MEMBERS_MAX);

export const createTeamSchema = z.strictObject({
  name: personNameSchema,
  isDefault: z.boolean().optional(),
  autoAssign: z.boolean().optional(),
  capacity: capacity.optional(),
  memberIds: memberIds.optional(),
});
export type CreateTeamRequest = z.input<typeof createTeamSchema>;

export const updateTeamSchema = z
  .strictObject({
    name: personNameSchema.optional(),
    isDefault: z.boolean().optional(),
    autoAssign: z.boolean().optional(),
    capacity: capacity.optional(),
    memberIds: memberIds.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateTeamRequest = z.input<typeof updateTeamSchema>;
