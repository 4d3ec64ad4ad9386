/**
 * Teams: admins group agents into teams; a query belongs to one (the customer picks it from the list, or it
 * goes to the default team). A team with auto-assignment hands each new or reopened unassigned query to its
 * online agent with the fewest open queries, below the team's capacity per agent; when nobody can take it, it
 * waits in the team's queue and is handed out as soon as someone comes online or frees capacity.
 */
import { z } from 'zod';
import { personNameSchema } from './schemas.js';

/** When a team answers: opening times per ISO weekday (1 Monday … 7 Sunday), in a time zone. */
export interface BusinessHours {
  /** IANA time zone the times are in. */
  timeZone: string;
  /** Days not listed are closed; a day may have several ranges. `open` < `close`, both `HH:MM`. */
  ranges: Array<{ day: number; open: string; close: string }>;
}

export interface Team {
  id: string;
  name: string;
  /** Null: always open. */
  hours: BusinessHours | null;
  /** Sent once to a query opened outside the business hours (as the team, role `system`); null: none. */
  autoReply: string | null;
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
  /** Within its business hours now (always, without hours). */
  openNow: boolean;
  /** When it opens next, if closed now (ISO); null when open or with no opening at all. */
  nextOpenAt: string | null;
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
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const businessHoursSchema = z.strictObject({
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
  ranges: z
    .array(z.strictObject({ day: z.int().min(1).max(7), open: time, close: time }).refine((r) => r.open < r.close, 'open must be before close'))
    .max(50),
});
const memberIds = z.array(z.uuid()).max(TEAM_LIMITS.MEMBERS_MAX);

export const createTeamSchema = z.strictObject({
  name: personNameSchema,
  isDefault: z.boolean().optional(),
  autoAssign: z.boolean().optional(),
  capacity: capacity.optional(),
  memberIds: memberIds.optional(),
  hours: businessHoursSchema.nullable().optional(),
  autoReply: z.string().trim().min(1).max(2000).nullable().optional(),
});
export type CreateTeamRequest = z.input<typeof createTeamSchema>;

export const updateTeamSchema = z
  .strictObject({
    name: personNameSchema.optional(),
    isDefault: z.boolean().optional(),
    autoAssign: z.boolean().optional(),
    capacity: capacity.optional(),
    memberIds: memberIds.optional(),
    hours: businessHoursSchema.nullable().optional(),
    autoReply: z.string().trim().min(1).max(2000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateTeamRequest = z.input<typeof updateTeamSchema>;
