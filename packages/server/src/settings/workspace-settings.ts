/**
 * The workspace settings (how the team works: protocol's settings.ts), stored as one JSON value in the store's
 * settings and held in memory, because the message path reads them on every reply and must not wait for the
 * database. A change made on this node applies at once; one made on another node is picked up by the poll
 * within {@link POLL_MS}.
 */
import { DEFAULT_WORKSPACE_SETTINGS, type UpdateSettingsRequest, type WorkspaceSettings } from '@parley/protocol';
import type { Logger } from 'pino';
import type { DomainEvents } from '../domain/domain-events.js';
import type { SettingsStore } from '../store/store.js';

/** The settings' name in the store. */
export const WORKSPACE_SETTING = 'workspace';
/** How often a node rereads the settings (another node's change reaches it within this). */
export const POLL_MS = 5_000;

export class WorkspaceSettingsService {
  #current: WorkspaceSettings = DEFAULT_WORKSPACE_SETTINGS;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly store: SettingsStore,
    private readonly events: Pick<DomainEvents, 'emit'>,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** Reads the stored settings, then keeps rereading them every {@link POLL_MS}. */
  async start(): Promise<void> {
    await this.reload();
    this.#timer = setInterval(() => void this.reload().catch((error: unknown) => this.log.warn({ err: error }, 'could not reread the settings')), POLL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The settings as this node knows them (no I/O). */
  current(): WorkspaceSettings {
    return this.#current;
  }

  /** Rereads the stored settings. */
  async reload(): Promise<WorkspaceSettings> {
    const stored = parse(await this.store.get(WORKSPACE_SETTING));
    this.#current = stored;
    return stored;
  }

  /** An admin's change (the transport checks the role): stored, applied here at once, told to every agent. */
  async update(patch: UpdateSettingsRequest): Promise<WorkspaceSettings> {
    // Read-modify-write of one small value; two admins saving different fields at the same instant is the
    // only race, and the later save wins whole, as on any settings page.
    const next: WorkspaceSettings = { ...(await this.reload()), ...definedOnly(patch) };
    await this.store.set(WORKSPACE_SETTING, JSON.stringify(next));
    this.#current = next;
    this.events.emit('settings:changed', { settings: next });
    return next;
  }
}

/** Stored JSON over the defaults: a setting added later starts at its default; junk is ignored. */
function parse(value: string | null): WorkspaceSettings {
  if (!value) return DEFAULT_WORKSPACE_SETTINGS;
  try {
    const stored = JSON.parse(value) as Partial<WorkspaceSettings>;
    return { replyAssigns: typeof stored.replyAssigns === 'boolean' ? stored.replyAssigns : DEFAULT_WORKSPACE_SETTINGS.replyAssigns };
  } catch {
    return DEFAULT_WORKSPACE_SETTINGS;
  }
}

function definedOnly(patch: UpdateSettingsRequest): Partial<WorkspaceSettings> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<WorkspaceSettings>;
}
