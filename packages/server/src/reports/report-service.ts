/**
 * Reports for the REST route: admins see the whole team (or one agent), agents only the conversations assigned
 * to them. The period is days in a time zone; the figures come from the stored conversations (report-figures.ts).
 */
import type { ReportParams, ReportResponse, UserRef } from '@parley/protocol';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { buildReport } from './report-figures.js';
import { nextDay, startOfDay } from './report-period.js';

export class ReportService {
  constructor(private readonly store: Pick<Store, 'reportRows'>) {}

  /** @throws AppError forbidden (customers; an agent asking for someone else) */
  async report(user: UserRef, params: ReportParams): Promise<ReportResponse> {
    if (user.role === 'customer') throw new AppError('forbidden', 'reports are for the support team');
    if (user.role !== 'admin' && params.agentId !== undefined && params.agentId !== user.id) {
      throw new AppError('forbidden', 'agents see their own figures only');
    }
    const timeZone = params.timeZone ?? 'UTC';
    const assigneeId = user.role === 'admin' ? params.agentId : user.id;
    const rows = await this.store.reportRows({
      start: new Date(startOfDay(params.from, timeZone)).toISOString(),
      end: new Date(startOfDay(nextDay(params.to), timeZone)).toISOString(),
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      ...(params.teamId !== undefined ? { teamId: params.teamId } : {}),
    });
    return buildReport(rows, { from: params.from, to: params.to, timeZone });
  }
}
