/**
 * Whether a team is within its business hours at a moment, and when it opens next — in the team's time zone,
 * with Intl (DST included) and no date library. Pure; the auto-reply and the customers' team list use it.
 */
import type { BusinessHours } from '@parley/protocol';
import { startOfDay } from '../reports/report-period.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local weekday (1 Monday … 7 Sunday), minutes since midnight and date of `at` in `timeZone`. */
function local(at: number, timeZone: string): { weekday: number; minutes: number; day: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p['weekday']!) + 1;
  return { weekday, minutes: Number(p['hour']) * 60 + Number(p['minute']), day: `${p['year']}-${p['month']}-${p['day']}` };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Open at `at`? A team without hours is always open. */
export function isOpen(hours: BusinessHours | null, at: number): boolean {
  if (!hours) return true;
  const now = local(at, hours.timeZone);
  return hours.ranges.some((r) => r.day === now.weekday && minutesOf(r.open) <= now.minutes && now.minutes < minutesOf(r.close));
}

/** The next moment the team opens after `at` (ms), or null when it is open now or never opens. */
export function nextOpening(hours: BusinessHours | null, at: number): number | null {
  if (!hours || isOpen(hours, at) || hours.ranges.length === 0) return null;
  const today = local(at, hours.timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    const weekday = ((today.weekday - 1 + offset) % 7) + 1;
    const opens = hours.ranges
      .filter((r) => r.day === weekday)
      .map((r) => minutesOf(r.open))
      .filter((m) => offset > 0 || m > today.minutes)
      .sort((a, b) => a - b);
    if (opens.length === 0) continue;
    const day = new Date(Date.parse(`${today.day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    return startOfDay(day, hours.timeZone) + opens[0]! * 60_000;
  }
  return null;
}
