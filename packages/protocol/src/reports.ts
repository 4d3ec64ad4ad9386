/**
 * Reports (`GET /api/reports`): how support went over a period — conversations opened per day, first-response
 * and resolution times, customer satisfaction — overall and per agent. Admins see everyone; agents their own.
 * Computed from what is stored (queries, messages, timeline events, ratings), never from counters.
 */
import { z } from 'zod';

/** Median and 90th percentile of a duration, in seconds, over `count` conversations (null when none). */
export interface DurationFigures {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface SatisfactionFigures {
  /** Ratings given. */
  count: number;
  /** Mean score 1–5, null without ratings. */
  average: number | null;
  /** How many ratings gave 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
}

export interface ReportFigures {
  /** Conversations opened in the period. */
  opened: number;
  /** From opening to the first public reply of an agent. */
  firstResponse: DurationFigures;
  /** From opening to its first resolution (conversations resolved before timeline events existed are not counted). */
  resolution: DurationFigures;
  satisfaction: SatisfactionFigures;
}

export interface AgentReport extends ReportFigures {
  /** The conversations' current assignee; null for those nobody has. */
  agent: { id: string; name: string } | null;
}

export interface TeamReport extends ReportFigures {
  /** The conversations' team; null for those in none. */
  team: { id: string; name: string } | null;
}

export interface ReportResponse {
  /** The period, as asked: days `from` to `to` inclusive, in `timeZone`. */
  period: { from: string; to: string; timeZone: string };
  /** Every day of the period, in order, with the conversations opened on it. */
  openedPerDay: Array<{ day: string; count: number }>;
  total: ReportFigures;
  /** Per assignee, most conversations first (unassigned last among equals). */
  agents: AgentReport[];
  /** Per team, most conversations first (no team last among equals). Absent from servers before teams. */
  teams?: TeamReport[];
}

const day = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const reportParamsSchema = z
  .strictObject({
    from: day,
    to: day,
    /** IANA time zone the days are counted in (default UTC). */
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
      }, 'unknown time zone')
      .optional(),
    /** Admins: one agent's conversations only. */
    agentId: z.uuid().optional(),
    /** One team's conversations only. */
    teamId: z.uuid().optional(),
  })
  .refine((p) => p.from <= p.to, { message: '`from` must not be after `to`', path: ['to'] })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < 366, { message: 'at most 366 days at a time', path: ['to'] });
export type ReportParams = z.input<typeof reportParamsSchema>;
