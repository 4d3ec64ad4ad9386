/**
 * Workspace settings: how the team works, changed by admins (`PATCH /api/settings`), read by every agent
 * (`GET /api/settings`, and `settings:updated` live on /admin).
 */
import { z } from 'zod';

export interface WorkspaceSettings {
  /**
   * An agent's public reply to an unassigned query assigns it to them, in the same commit as the reply, so two
   * agents never answer the same customer unaware of each other. On by default.
   */
  replyAssigns: boolean;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { replyAssigns: true };

export interface SettingsResponse {
  settings: WorkspaceSettings;
}

/** `PATCH /api/settings` (admins): what to change; at least one field. */
export const updateSettingsSchema = z
  .strictObject({
    replyAssigns: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateSettingsRequest = z.input<typeof updateSettingsSchema>;
