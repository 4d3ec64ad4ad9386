import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { bindStore, ConversationHandle } from '@parley/angular';
import { browserStorage, type CloseOptions, type ConnectionStatus, type CustomerCards, type PresenceMap, type QueueState } from '@parley/client';
import type { Team, WorkspaceSettings } from '@parley/protocol';
import { SessionStore } from '../auth/session-store';
import { type ConsoleClient, PARLEY_BASE_URL, PARLEY_CLIENT_FACTORY } from './tokens';

/** The agents' working queue as the SDK keeps it. */
export type { QueueState };

const EMPTY_QUEUE: QueueState = { items: [], loading: true, unresolvedComplete: false, resolvedCursor: null, loadingResolved: false };

const EXPIRED_MESSAGE = 'Your session expired. Please sign in again.';

/**
 * The one place socket events enter the console. It owns the SDK client for the signed-in
 * agent and mirrors each SDK store into a signal; a component showing a conversation gets a
 * signal-backed {@link ConversationHandle} from {@link conversation}, so no component
 * subscribes to an SDK store itself. Commands and REST calls are the SDK's typed methods,
 * through {@link api}. Because every update lands as a signal write, zoneless change
 * detection is scheduled for it no matter which callback (socket, timer, fetch) it came from.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly createClient = inject(PARLEY_CLIENT_FACTORY);
  private readonly baseUrl = inject(PARLEY_BASE_URL);
  private readonly sessions = inject(SessionStore);
  private readonly router = inject(Router);

  private client: ConsoleClient | null = null;
  private unbind: Array<() => void> = [];

  private readonly statusState = signal<ConnectionStatus>({ state: 'connecting' });
  private readonly pendingState = signal(0);
  private readonly queueState = signal<QueueState>(EMPTY_QUEUE);
  private readonly presenceState = signal<PresenceMap>({});
  private readonly customersState = signal<CustomerCards>({});
  private readonly settingsState = signal<WorkspaceSettings | null>(null);
  private readonly teamsState = signal<Team[] | null>(null);
  private readonly startedState = signal(false);

  /** Connection state of the socket: drives the banner. */
  readonly status = this.statusState.asReadonly();
  /** Messages in the outbox, across all queries. */
  readonly pendingCount = this.pendingState.asReadonly();
  /**
   * The working queue, newest activity first, merged live from query:created / query:updated:
   * every open and pending query (all pages) and the resolved ones loaded so far. My own read
   * cursor is applied by the SDK, so unread counts clear as soon as I read.
   */
  readonly queue = this.queueState.asReadonly();
  /** Presence of every agent by id. */
  readonly presence = this.presenceState.asReadonly();
  /** The customers loaded for the customer panel (`api.loadCustomer`), by id, kept live by the SDK. */
  readonly customers = this.customersState.asReadonly();
  /** The workspace settings (e.g. whether a reply takes an unassigned query), live; null until loaded. */
  readonly settings = this.settingsState.asReadonly();
  /** Every team, live (an admin's change anywhere replaces it); null until `api.loadTeams()` first answers. */
  readonly teams = this.teamsState.asReadonly();
  /** True between {@link ensureStarted} and {@link stop}. */
  readonly started = this.startedState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => void this.stop());
  }

  /** The SDK client's typed commands and REST calls. Only valid while signed in (inside the shell). */
  get api(): ConsoleClient {
    if (!this.client) throw new Error('RealtimeService used before ensureStarted()');
    return this.client;
  }

  /** Starts the SDK client for the stored session, once; returns null when signed out. */
  ensureStarted(): ConsoleClient | null {
    if (this.client) return this.client;
    const session = this.sessions.session();
    if (!session) return null;
    const client = this.createClient({
      baseUrl: this.baseUrl,
      session,
      storage: browserStorage('parley-admin:'),
      onSessionExpired: async () => {
        // Leave the SDK's callback before tearing the client down.
        setTimeout(() => void this.expire(), 0);
        return null;
      },
    });
    this.client = client;
    this.unbind = [
      bindStore(client.status, this.statusState),
      bindStore(client.pendingCount, this.pendingState),
      bindStore(client.queue, this.queueState),
      bindStore(client.presence, this.presenceState),
      bindStore(client.customers, this.customersState),
      bindStore(client.settings, this.settingsState),
      bindStore(client.teams, this.teamsState),
      // The SDK renews the token; persist each new one so a reload starts with it.
      client.session.subscribe((session) => this.sessions.updateToken(session.token)),
    ];
    this.startedState.set(true);
    client.connect();
    void client.loadSettings().catch(() => {
      // Without them the composer only misses its "your reply assigns it to you" hint; reloaded on reconnect.
    });
    void client.loadQueue().catch(() => {
      // The list shows `loading: false` and the banner tells about the connection; the SDK reloads on reconnect.
    });
    return client;
  }

  /**
   * Opens (joins) a conversation for a component: its state as signals, its actions, and a
   * `release()` that leaves the room — called at the latest when `destroyRef` (by default the
   * caller's, so call this in an injection context or pass one) is destroyed.
   */
  conversation(queryId: string, destroyRef: DestroyRef = inject(DestroyRef)): ConversationHandle {
    return new ConversationHandle(this.api.conversation(queryId), destroyRef);
  }

  /** Skips the wait before the next reconnection attempt (the banner's "Retry now"). */
  reconnectNow(): void {
    this.client?.reconnectNow();
  }

  /** One more page of resolved queries into the queue. */
  loadMoreResolved(): Promise<void> {
    return this.api.loadMoreResolved();
  }

  /**
   * Closes the socket. The outbox stays in storage for the next sign-in, unless `discardUnsent` (the agent signs
   * out on purpose: nothing they typed stays on a shared machine).
   */
  async stop(options: CloseOptions = {}): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    for (const unsubscribe of this.unbind) unsubscribe();
    this.unbind = [];
    this.startedState.set(false);
    this.statusState.set({ state: 'connecting' });
    this.queueState.set(EMPTY_QUEUE);
    this.pendingState.set(0);
    this.presenceState.set({});
    this.customersState.set({});
    this.settingsState.set(null);
    this.teamsState.set(null);
    await client.close(options);
  }

  private async expire(): Promise<void> {
    const returnUrl = this.router.url;
    await this.stop();
    this.sessions.clear(EXPIRED_MESSAGE);
    // Back to the same conversation after signing in again (deep links survive expiry).
    await this.router.navigate(['/sign-in'], returnUrl && returnUrl !== '/' ? { queryParams: { returnUrl } } : {});
  }
}
