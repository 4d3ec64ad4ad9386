import { computed, DestroyRef, inject, Injectable, type Signal, signal } from '@angular/core';
import { bindStore, ConversationHandle } from '@parley/angular';
import {
  browserStorage,
  type ConnectionStatus,
  type CustomerIdentity,
  identitySubject,
  type PresenceMap,
  type QueryListState,
  type Session,
  signInCustomer,
  signInVisitor,
} from '@parley/client';
import { createApiFetch } from '../connection/api-fetch';
import { CUSTOMER_CLIENT_FACTORY, type CustomerAppClient } from './client-factory';
import { takeCapturedIdentity, takeLogoutRequest } from './embedded-identity';
import { forgetSession, loadSavedSession, saveSession } from './saved-session';

/** Prefix of everything the app keeps on the device (session, drafts, the SDK's outbox). */
const APP_STORAGE_PREFIX = 'parley.customer.';

/** Prefix of everything the SDK keeps in localStorage (its outbox survives closing the tab). */
const SDK_STORAGE_PREFIX = 'parley.customer.sdk.';

/**
 * The customer's one live connection to Parley, and the app's realtime service: signs in
 * (visitor or identified), owns the SDK's customer client, mirrors its stores as signals for
 * every page, and hands a page a signal-backed {@link ConversationHandle} for the query it
 * shows ({@link conversation}). This is the single place socket events enter the app: no
 * page subscribes to an SDK store itself.
 */
@Injectable({ providedIn: 'root' })
export class ParleySession {
  private readonly createClient = inject(CUSTOMER_CLIENT_FACTORY);
  private readonly clientRef = signal<CustomerAppClient | null>(null);
  private readonly statusRef = signal<ConnectionStatus>({ state: 'connecting' });
  private readonly pendingRef = signal(0);
  private readonly queriesRef = signal<QueryListState>({ items: [], loading: false, nextCursor: null });
  private readonly presenceRef = signal<PresenceMap>({});
  private unsubscribers: Array<() => void> = [];
  private restoring: Promise<boolean> | null = null;
  /** Every API call bypasses the service worker (see connection/api-fetch.ts). */
  private readonly apiFetch = createApiFetch();
  private readonly onlineAgain = signal(0);

  /** The SDK client's typed calls (create, rate, load, attachments); null while signed out. */
  readonly client: Signal<CustomerAppClient | null> = this.clientRef.asReadonly();
  readonly status: Signal<ConnectionStatus> = this.statusRef.asReadonly();
  readonly pendingCount: Signal<number> = this.pendingRef.asReadonly();
  readonly queries: Signal<QueryListState> = this.queriesRef.asReadonly();
  /** The presence of the agents helping with my joined queries, by agent id. */
  readonly presence: Signal<PresenceMap> = this.presenceRef.asReadonly();
  readonly user = computed(() => this.clientRef()?.user ?? null);
  /**
   * Counts the moments the connection came back (socket online again after
   * being down): pages that show REST data reload it then.
   */
  readonly reconnected: Signal<number> = this.onlineAgain.asReadonly();

  private get baseUrl(): string {
    return location.origin;
  }

  /**
   * Finds the customer without asking: a signed identity in the URL fragment
   * (embedded by a host site) wins, else the session saved by an earlier visit.
   * Resolves false when the customer has to start on the start page.
   */
  restore(): Promise<boolean> {
    this.restoring ??= this.restoreOnce().finally(() => (this.restoring = null));
    return this.restoring;
  }

  /** Signs in as a visitor, optionally named, and connects. */
  async startAsVisitor(input: { name?: string; email?: string } = {}): Promise<void> {
    const session = await signInVisitor(this.baseUrl, compact(input), this.apiFetch);
    this.open(session);
  }

  /**
   * The widget's host page named its user (Parley.identify): signs in as them, unless this tab's session
   * already is that customer (the host calls identify on every page load).
   */
  async adoptIdentity(identity: CustomerIdentity): Promise<void> {
    const saved = loadSavedSession(sessionStorage);
    if (this.clientRef() && saved?.identity && identitySubject(saved.identity) === identitySubject(identity)) return;
    await this.startWithIdentity(identity);
  }

  /** Signs in as the customer a host site identified, and connects. */
  async startWithIdentity(identity: CustomerIdentity): Promise<void> {
    const session = await signInCustomer(this.baseUrl, identity, this.apiFetch);
    this.open(session);
  }

  /**
   * Opens (joins) a query's conversation for a page: its state as signals, its actions, and a
   * `release()` that leaves the room — called at the latest when `destroyRef` (by default the
   * caller's, so call this in an injection context or pass one) is destroyed. Null while signed out.
   */
  conversation(queryId: string, destroyRef: DestroyRef = inject(DestroyRef)): ConversationHandle | null {
    const client = this.clientRef();
    return client ? new ConversationHandle(client.conversation(queryId), destroyRef) : null;
  }

  /** Ends the session on this device: the next visit starts as a new visitor. */
  async signOut(): Promise<void> {
    const client = this.clientRef();
    this.detach();
    forgetSession(localStorage);
    forgetSession(sessionStorage);
    if (client) await client.close();
  }

  /** True when the host site identified the customer (a signed identity), false for a visitor. */
  isIdentified(): boolean {
    return Boolean(loadSavedSession(sessionStorage)?.identity);
  }

  /**
   * "Sign out and forget this device" (a shared phone): signs out, then removes everything the app keeps on the
   * device — session, drafts, the unsent outbox — every `parley.customer.` key, and nothing else of the site.
   */
  async forgetDevice(): Promise<void> {
    await this.signOut();
    for (const storage of [localStorage, sessionStorage]) {
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(APP_STORAGE_PREFIX)) keys.push(key);
      }
      for (const key of keys) storage.removeItem(key);
    }
  }

  private async restoreOnce(): Promise<boolean> {
    // The host site signed its user out (#parley-logout): nobody stays signed in on this device.
    if (takeLogoutRequest()) await this.forgetDevice();
    if (this.clientRef()) return true;
    const identity = takeCapturedIdentity();
    if (identity) {
      const saved = loadSavedSession(sessionStorage);
      if (saved?.identity && identitySubject(saved.identity) === identitySubject(identity)) {
        this.open({ ...saved, identity });
        return true;
      }
      try {
        await this.startWithIdentity(identity);
        return true;
      } catch (error) {
        console.warn('The host passed an identity the server refused; starting as a visitor instead.', error);
      }
    }
    // An identified customer's session lives as long as the tab (the host passes the identity
    // again next time); a visitor's is kept on the device so the same visitor comes back.
    const saved = loadSavedSession(sessionStorage) ?? loadSavedSession(localStorage);
    if (!saved) return false;
    this.open(saved);
    return true;
  }

  private open(session: Session): void {
    const previous = this.clientRef();
    this.detach();
    // Stop the previous customer's socket and renewals; their outbox stays in storage.
    if (previous) void previous.close();
    const storage = sessionStorageFor(session);
    saveSession(storage, session);
    const client = this.createClient({
      baseUrl: this.baseUrl,
      session,
      storage: browserStorage(SDK_STORAGE_PREFIX),
      fetch: this.apiFetch,
      onSessionExpired: () => this.renew(session),
    });
    let wasOnline = false;
    this.unsubscribers = [
      bindStore(client.status, this.statusRef),
      bindStore(client.pendingCount, this.pendingRef),
      bindStore(client.queries, this.queriesRef),
      bindStore(client.presence, this.presenceRef),
      client.status.subscribe((status) => {
        if (status.state === 'online' && wasOnline === false) this.onlineAgain.update((n) => n + 1);
        wasOnline = status.state === 'online';
      }),
      // A silently renewed token is kept, so the next visit does not start with an expired one.
      client.session.subscribe((renewed) => saveSession(storage, renewed)),
    ];
    this.clientRef.set(client);
    client.connect();
  }

  /** The SDK renews silently first; this is its last resort, with the same credentials. */
  private async renew(session: Session): Promise<Session | null> {
    try {
      const renewed = session.identity
        ? await signInCustomer(this.baseUrl, session.identity, this.apiFetch)
        : session.resumeKey
          ? await signInVisitor(this.baseUrl, { resumeKey: session.resumeKey }, this.apiFetch)
          : null;
      if (renewed) saveSession(sessionStorageFor(renewed), renewed);
      return renewed;
    } catch {
      return null;
    }
  }

  private detach(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    this.clientRef.set(null);
  }
}

/**
 * Where a session is kept: an identified customer's (token and the host's
 * signature) only for the tab, so a shared computer does not keep someone
 * signed in; a visitor's on the device, so they come back as themselves.
 */
function sessionStorageFor(session: Session): Storage {
  return session.identity ? sessionStorage : localStorage;
}

/** Drops empty optional fields: the server validates an email only when one is given. */
function compact(input: { name?: string; email?: string }): { name?: string; email?: string } {
  const out: { name?: string; email?: string } = {};
  const name = input.name?.trim();
  const email = input.email?.trim();
  if (name) out.name = name;
  if (email) out.email = email;
  return out;
}
