/**
 * Keeps the session's token fresh. Every (re)connect and REST call reads the
 * current token from here, so a renewal is picked up without anyone noticing.
 *
 * Renewal, in order: silently (visitors: their resumeKey; identified customers:
 * their signed identity again; agents: `POST /api/auth/refresh` while the token
 * is still valid), else the app's `onSessionExpired` (e.g. a sign-in prompt).
 */
import type { Agent, Customer, UpdateCustomerRequest, UpdateMeRequest } from '@parley/protocol';
import { isTransient, ParleyError } from '../errors.js';
import type { FetchLike } from '../rest/http.js';
import { WritableStore, type ReadableStore } from '../store.js';
import { tokenExpiresAt, type Session } from './session.js';
import { refreshToken, signInCustomer, signInVisitor, signOutEverywhere, updateMe, updateMyCustomer } from './sign-in.js';

/** Renew this long before expiry, so a live socket is never cut for an expired token. */
export const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;
/** A token closer than this to its expiry is no longer worth refreshing (the server may see it expired). */
const REFRESH_SAFETY_MS = 500;

/** What the keeper needs: where to renew, for whom, and the app's last resort. */
export interface SessionKeeperOptions {
  baseUrl: string;
  kind: 'customer' | 'agent';
  session: Session;
  /** Called when silent renewal is impossible; a session for another user counts as giving up. */
  onSessionExpired?: () => Promise<Session | null>;
  fetch?: FetchLike;
  now?: () => number;
}

/** Holds the session and renews its token: ahead of expiry when it can, on refusal otherwise. */
export class SessionKeeper {
  readonly #session: WritableStore<Session>;
  readonly #options: SessionKeeperOptions;
  readonly #now: () => number;
  #inFlight: Promise<boolean> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;

  constructor(options: SessionKeeperOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#session = new WritableStore(options.session);
  }

  get session(): ReadableStore<Session> {
    return this.#session;
  }

  get token(): string {
    return this.#session.getSnapshot().token;
  }

  /**
   * Gets a new token after the server refused the current one. Resolves true
   * when one is in place, false when the user could not be signed in again.
   * Rejects with a transient ParleyError (server unreachable) so the caller retries later.
   * Concurrent callers share one renewal.
   */
  renew(): Promise<boolean> {
    this.#inFlight ??= this.#renew().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /**
   * Agents: revokes every token of this agent (their other browsers and
   * devices stop) and keeps the fresh one the server hands back. While it is in
   * flight it stands in for any renewal: the server closes this client's socket
   * too, and its reconnect must wait for the fresh token rather than retry the
   * revoked one and give up.
   */
  /**
   * Staff change their own name or password. The session follows: the new name, and after a new password the
   * fresh token (every other token of theirs is revoked, as with sign-out everywhere).
   */
  async updateProfile(input: UpdateMeRequest): Promise<Agent> {
    await this.#inFlight?.catch(() => false);
    const { baseUrl, fetch: fetchImpl } = this.#options;
    let agent!: Agent;
    // Held as the renewal in flight, like sign-out everywhere: the server closes this client's socket too, and its
    // reconnect must wait for the fresh token rather than retry the revoked one.
    const call = updateMe(baseUrl, this.token, input, fetchImpl).then((answer) => {
      agent = answer.agent;
      const session = this.#session.getSnapshot();
      this.#replace({ ...session, user: { ...session.user, name: answer.agent.name }, ...(answer.token ? { token: answer.token } : {}) });
      return true;
    });
    const inFlight = call.finally(() => {
      if (this.#inFlight === inFlight) this.#inFlight = null;
    });
    this.#inFlight = inFlight;
    await inFlight;
    return agent;
  }

  /**
   * A visitor changes their own name or email. The session follows with the new name and the fresh token the
   * server returns, which the live socket is handed, so the next messages carry the new name.
   */
  async updateCustomerDetails(input: UpdateCustomerRequest): Promise<Customer> {
    await this.#inFlight?.catch(() => false);
    const { baseUrl, fetch: fetchImpl } = this.#options;
    const answer = await updateMyCustomer(baseUrl, this.token, input, fetchImpl);
    const session = this.#session.getSnapshot();
    this.#replace({ ...session, user: { ...session.user, name: answer.customer.name }, ...(answer.token ? { token: answer.token } : {}) });
    return answer.customer;
  }

  async signOutEverywhere(): Promise<void> {
    await this.#inFlight?.catch(() => false);
    const { baseUrl, fetch: fetchImpl } = this.#options;
    const call = signOutEverywhere(baseUrl, this.token, fetchImpl).then((token) => {
      this.#replace({ ...this.#session.getSnapshot(), token });
      return true;
    });
    const inFlight = call.finally(() => {
      if (this.#inFlight === inFlight) this.#inFlight = null;
    });
    this.#inFlight = inFlight;
    await inFlight;
  }

  /** Starts renewing ahead of expiry (silent methods only). */
  start(): void {
    this.#running = true;
    this.#schedule();
  }

  /** Stops renewing ahead of time (the client is closing). */
  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #renew(): Promise<boolean> {
    try {
      const renewed = await this.#renewSilently();
      if (renewed) return this.#accept(renewed);
    } catch (error) {
      if (error instanceof ParleyError && isTransient(error.body)) throw error;
      // Anything else (resumeKey revoked, refresh refused…) falls through to the app.
    }
    const prompt = this.#options.onSessionExpired;
    if (!prompt) return false;
    try {
      const session = await prompt();
      return session ? this.#accept(session) : false;
    } catch {
      return false;
    }
  }

  async #renewSilently(): Promise<Session | null> {
    const { baseUrl, kind, fetch: fetchImpl } = this.#options;
    const current = this.#session.getSnapshot();
    if (kind === 'customer') {
      if (current.identity) return signInCustomer(baseUrl, current.identity, fetchImpl);
      if (current.resumeKey) return signInVisitor(baseUrl, { resumeKey: current.resumeKey }, fetchImpl);
      return null;
    }
    const expiresAt = tokenExpiresAt(current.token);
    if (expiresAt !== null && expiresAt - this.#now() < REFRESH_SAFETY_MS) return null;
    const token = await refreshToken(baseUrl, current.token, fetchImpl);
    return { ...current, token };
  }

  /**
   * Takes a renewed session if it is the same user. Everything the client holds
   * (outbox, conversations, presence) belongs to that user, so a sign-in as
   * someone else is treated as giving up: the app makes a new ParleyClient.
   */
  #accept(session: Session): boolean {
    if (session.user.id !== this.#session.getSnapshot().user.id) return false;
    this.#replace(session);
    return true;
  }

  #replace(session: Session): void {
    const current = this.#session.getSnapshot();
    // A renewal answer may omit what renews it next time; keep what we had.
    this.#session.set({
      ...session,
      ...(session.resumeKey ?? current.resumeKey ? { resumeKey: session.resumeKey ?? current.resumeKey } : {}),
      ...(session.identity ?? current.identity ? { identity: session.identity ?? current.identity } : {}),
    });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#running) return;
    const expiresAt = tokenExpiresAt(this.token);
    if (expiresAt === null) return;
    const lifetime = expiresAt - this.#now();
    // Short-lived tokens (tests, strict deployments) renew half-way through their life instead.
    const lead = Math.min(RENEW_BEFORE_EXPIRY_MS, Math.max(0, lifetime) * 0.5);
    const delay = Math.min(Math.max(0, lifetime - lead), 2 ** 31 - 1);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#renewSilently()
        .then((session) => (session ? this.#accept(session) : undefined))
        // Failure here is harmless: the reactive path renews when the server refuses the token.
        .catch(() => this.#retryLater());
    }, delay);
  }

  #retryLater(): void {
    if (!this.#running) return;
    const expiresAt = tokenExpiresAt(this.token);
    if (expiresAt === null || expiresAt <= this.#now()) return;
    this.#timer = setTimeout(() => this.#schedule(), 30_000);
  }
}
