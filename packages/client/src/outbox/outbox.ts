/**
 * The outbox at run time: the pure state machine (outbox-state.ts) wired to
 * storage, to the send promises and to a transport. Survives a disconnect (in
 * memory) and a reload (through KeyValueStorage); sends each query's messages
 * one at a time, in order, always with the same clientId.
 *
 * Storage is never overwritten with less than it held by mistake: nothing is
 * written unless the stored value was read first (a failed read turns
 * persistence off for this session), entries that do not parse are set aside
 * under `<key>:unreadable`, and every write merges in the entries other tabs of
 * the same user added (one key per user, shared by the tabs).
 */
import type { Ack, ErrorBody, Message, MessageSendResult } from '@parley/protocol';
import { ParleyError } from '../errors.js';
import type { KeyValueStorage } from '../storage.js';
import { WritableStore, type ReadableStore } from '../store.js';
import {
  ackFailed,
  ackSucceeded,
  deserialize,
  enqueue,
  markDiscarded,
  markSending,
  nextToSend,
  nextWakeUp,
  readStored,
  remove,
  requeueInFlight,
  requeueOne,
  retryFailed,
  serialize,
  type OutboxEntry,
  type OutboxState,
} from './outbox-state.js';

/** Waits between attempts to read storage at start (IndexedDB busy, a storage event in progress). */
const LOAD_RETRY_MS = [100, 400];

/**
 * How long another tab's entry must sit unsent in storage before this tab sends it: long enough for a live tab
 * to send its own and remove it (each send counts against the user's rate limits, whichever tab makes it).
 */
export const ADOPT_AFTER_MS = 3_000;

/** How the outbox reaches the server. Resolves null when no ack came (link lost, timeout). */
export interface OutboxTransport {
  send(entry: OutboxEntry): Promise<Ack<MessageSendResult> | null>;
}

/** Who hears of every message the server confirmed stored (the client's open conversations). */
export interface StoredMessageSink {
  handleMessage(message: Message): void;
}

/** What the outbox needs: where to persist, how to send, whom to tell. */
export interface OutboxOptions {
  storage: KeyValueStorage;
  /** Storage key; per user, so two accounts on one device never send as each other. */
  key: string;
  transport: OutboxTransport;
  /** Every message the server confirmed stored, to merge into its conversation. */
  stored: StoredMessageSink;
  now?: () => number;
}

interface Settlers {
  resolve: (message: Message) => void;
  reject: (error: ParleyError) => void;
}

/** Messages not yet stored by the server, for every query of one user. */
export class Outbox {
  readonly #entries = new WritableStore<OutboxState>([]);
  readonly #count = new WritableStore(0);
  readonly #settlers = new Map<string, Settlers>();
  readonly #options: OutboxOptions;
  readonly #now: () => number;
  #online = false;
  #wakeTimer: ReturnType<typeof setTimeout> | null = null;
  #saveChain: Promise<void> = Promise.resolve();
  #saveQueued = false;
  #loaded = false;
  /** False when storage could not be read: what it holds must not be overwritten. */
  #persist = true;
  /** Entries this outbox dropped (stored, discarded): a merge must not bring them back from storage. */
  readonly #removed = new Set<string>();
  /** Entries added here (not read from storage): only these are kept when another tab removes them from storage. */
  readonly #own = new Set<string>();
  /** When this tab first saw each entry another tab stored (see ADOPT_AFTER_MS). */
  readonly #seenAt = new Map<string, number>();
  #unwatch: (() => void) | undefined;
  #adoptTimer: ReturnType<typeof setTimeout> | null = null;
  /** Resolves once what storage held has been merged in (entries from before the reload go first). */
  readonly ready: Promise<void>;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.ready = this.#load();
  }

  /** Entries in send order, pending, in flight and failed. */
  get entries(): ReadableStore<OutboxState> {
    return this.#entries;
  }

  /** Messages not yet stored by the server (failed ones excluded: they wait for the user). */
  get pendingCount(): ReadableStore<number> {
    return this.#count;
  }

  /** Queues a message; the promise settles when the server stores it or refuses it for good. */
  add(entry: OutboxEntry): Promise<Message> {
    const done = new Promise<Message>((resolve, reject) => this.#settlers.set(entry.clientId, { resolve, reject }));
    // Nobody may await `done` (fire-and-forget UIs); an unhandled rejection must not crash Node.
    done.catch(() => undefined);
    this.#own.add(entry.clientId);
    this.#set(enqueue(this.#entries.getSnapshot(), entry));
    if (entry.state === 'failed') this.#settle(entry.clientId, entry.error);
    this.pump();
    return done;
  }

  retry(clientId: string): void {
    this.#set(retryFailed(this.#entries.getSnapshot(), clientId));
    this.pump();
  }

  /**
   * Drops a pending or failed message. One already in flight is hidden at once
   * but stays in place until its ack: stored after all → it shows as stored and
   * `done` resolves; not stored → it is removed and `done` rejects.
   */
  discard(clientId: string): void {
    const entry = this.#entries.getSnapshot().find((e) => e.clientId === clientId);
    if (!entry) return;
    if (entry.state === 'sending') {
      this.#set(markDiscarded(this.#entries.getSnapshot(), clientId));
      return;
    }
    this.#drop(clientId);
    this.pump();
  }

  /**
   * Forgets every message not stored yet, for good: a deliberate sign-out on a shared machine must leave no
   * unsent text on it. Pending and failed messages reject `not_found`; one in flight rejects `unavailable` (the
   * server may have stored it: then it shows in the conversation). The user's stored outbox is removed too,
   * entries of their other tabs included. Call it after {@link dispose}, so nothing is sent meanwhile.
   * @returns how many messages were dropped from this outbox
   */
  async discardAll(): Promise<number> {
    await this.flushed();
    const entries = this.#entries.getSnapshot();
    for (const e of entries) this.#drop(e.clientId, e.state === 'sending');
    await this.flushed();
    // Unreadable storage was never written by this outbox (`#persist` off), and is left as it was.
    if (this.#persist) {
      try {
        await this.#options.storage.removeItem(this.#options.key);
      } catch {
        // Storage refused (a browser's private mode, say): what is in memory is gone, and nothing more can be done.
      }
    }
    return entries.length;
  }

  /** The socket is up (true) or down (false); going down puts in-flight messages back to pending. */
  setOnline(online: boolean): void {
    this.#online = online;
    if (!online) {
      // Whether the server stored a discarded in-flight message is unknown now; a re-join shows it if so.
      for (const e of this.#entries.getSnapshot()) if (e.discarded && e.state === 'sending') this.#drop(e.clientId);
      this.#set(requeueInFlight(this.#entries.getSnapshot()), false);
    }
    this.pump();
  }

  /** Sends whatever is due. Cheap and idempotent: called after every change. */
  pump(): void {
    if (!this.#online || !this.#loaded) return;
    const now = this.#now();
    for (const entry of nextToSend(this.#entries.getSnapshot(), now)) {
      // In flight or pending is the same to storage (stored as pending): no write.
      this.#set(markSending(this.#entries.getSnapshot(), entry.clientId), false);
      void this.#sendOne(entry);
    }
    this.#armWakeUp(now);
  }

  /** Stops timers; entries stay in storage for the next session. */
  dispose(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    if (this.#adoptTimer) clearTimeout(this.#adoptTimer);
    this.#adoptTimer = null;
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    this.#online = false;
  }

  /** Resolves when every write so far reached storage (tests, and close()). */
  async flushed(): Promise<void> {
    // What was added before storage was read is only written once the read is done.
    await this.ready;
    // A write may queue another (the load's); wait until the chain is quiet.
    let chain: Promise<void>;
    do {
      chain = this.#saveChain;
      await chain;
    } while (chain !== this.#saveChain);
  }

  async #sendOne(entry: OutboxEntry): Promise<void> {
    let ack: Ack<MessageSendResult> | null;
    try {
      ack = await this.#options.transport.send(entry);
    } catch {
      ack = null;
    }
    const current = this.#entries.getSnapshot().find((e) => e.clientId === entry.clientId);
    if (ack?.ok) {
      // Even if the user discarded it meanwhile, the server has it: the conversation must show it.
      this.#options.stored.handleMessage(ack.message);
      this.#removed.add(entry.clientId);
      this.#set(ackSucceeded(this.#entries.getSnapshot(), entry.clientId));
      this.#settle(entry.clientId, undefined, ack.message);
    } else if (current?.state === 'sending') {
      if (current.discarded) {
        // No ack, or one that does not say whether the commit happened: it may be stored, and will then show up.
        const unknown = ack === null || ack.error.code === 'unavailable' || ack.error.code === 'internal';
        this.#drop(entry.clientId, unknown);
      } else if (ack === null) {
        this.#set(requeueOne(this.#entries.getSnapshot(), entry.clientId), false);
      } else {
        const result = ackFailed(this.#entries.getSnapshot(), entry.clientId, ack.error, this.#now());
        this.#set(result.state);
        if (result.final) this.#settle(entry.clientId, ack.error);
      }
    }
    this.pump();
  }

  /** Removes a discarded entry; its promise rejects `not_found` (not stored), or `unavailable` when that is unknown. */
  #drop(clientId: string, outcomeUnknown = false): void {
    this.#removed.add(clientId);
    this.#set(remove(this.#entries.getSnapshot(), clientId));
    this.#settle(
      clientId,
      outcomeUnknown
        ? { code: 'unavailable', message: 'discarded while in flight: the server may have stored it, and then it shows in the conversation' }
        : { code: 'not_found', message: 'discarded: the message was removed from the outbox before it was stored' },
    );
  }

  #settle(clientId: string, error: ErrorBody | undefined, message?: Message): void {
    const settlers = this.#settlers.get(clientId);
    if (!settlers) return;
    this.#settlers.delete(clientId);
    if (message) settlers.resolve(message);
    else settlers.reject(new ParleyError(error ?? { code: 'internal', message: 'message not sent' }));
  }

  #armWakeUp(now: number): void {
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    const at = nextWakeUp(this.#entries.getSnapshot(), now);
    if (at === null || !this.#online) return;
    this.#wakeTimer = setTimeout(() => {
      this.#wakeTimer = null;
      this.pump();
    }, at - now);
  }

  /** `persist: false` for changes storage does not see (pending ⇄ in flight). */
  #set(next: OutboxState, persist = true): void {
    const previous = this.#entries.getSnapshot();
    if (next === previous) return;
    this.#entries.set(next);
    this.#count.set(next.filter((e) => e.state !== 'failed' && !e.discarded).length);
    if (persist && this.#loaded) this.#save();
  }

  /** Queues one write of the latest state; writes asked for while one is queued coalesce into it. */
  #save(): void {
    if (!this.#persist || this.#saveQueued) return;
    this.#saveQueued = true;
    // Chained so an async storage can never write an older snapshot after a newer one.
    this.#saveChain = this.#saveChain.then(() => this.#write()).catch(() => undefined);
  }

  async #write(): Promise<void> {
    this.#saveQueued = false;
    const { storage, key } = this.#options;
    // Another tab of the same user may have added entries since: keep them (read-merge-write).
    const stored = readStored(await storage.getItem(key)).entries;
    const mine = this.#entries.getSnapshot();
    const ids = new Set(mine.map((e) => e.clientId));
    const foreign = stored.filter((e) => !ids.has(e.clientId) && !this.#removed.has(e.clientId));
    const storedIds = new Set(stored.map((e) => e.clientId));
    for (const id of this.#removed) if (!storedIds.has(id)) this.#removed.delete(id);
    const next = interleave(mine, foreign);
    if (next.every((e) => e.discarded)) await storage.removeItem(key);
    else await storage.setItem(key, serialize(next));
  }

  async #load(): Promise<void> {
    const { storage, key } = this.#options;
    let text: string | null | undefined;
    for (let attempt = 0; text === undefined; attempt++) {
      try {
        text = await storage.getItem(key);
      } catch {
        if (attempt >= LOAD_RETRY_MS.length) break;
        await new Promise((resolve) => setTimeout(resolve, LOAD_RETRY_MS[attempt]));
      }
    }
    // Unreadable storage: send from memory, but never overwrite what it may still hold.
    if (text === undefined) this.#persist = false;
    const { entries: stored, rejected } = readStored(text ?? null);
    let state: OutboxState = [];
    for (const entry of stored) state = enqueue(state, entry);
    for (const entry of this.#entries.getSnapshot()) state = enqueue(state, entry);
    this.#loaded = true;
    this.#entries.set(state);
    this.#count.set(state.filter((e) => e.state !== 'failed' && !e.discarded).length);
    if (rejected.length > 0) this.#setAside(rejected);
    this.#save();
    if (this.#persist) this.#unwatch = storage.watch?.(key, () => void this.#adopt().catch(() => undefined));
    this.pump();
  }

  /**
   * Another tab changed the stored outbox. What it left unsent for {@link ADOPT_AFTER_MS} is taken over (a message
   * written offline in a tab that was then closed goes out from this one, not at the next reload); of the entries
   * this tab only read from storage, what the other tab sent or discarded is dropped, and what it changed (a
   * refusal, a retry) is taken as it now is. Only entries in flight here, and this tab's own, are kept as they are.
   * An entry both tabs send is stored once (same clientId), and each tab sends a query's messages one at a time.
   */
  async #adopt(): Promise<void> {
    const stored = readStored(await this.#options.storage.getItem(this.#options.key)).entries;
    if (!this.#unwatch) return;
    const now = this.#now();
    const byId = new Map(stored.map((e) => [e.clientId, e]));
    const state = this.#entries.getSnapshot();
    const held = new Set(state.map((e) => e.clientId));
    for (const id of this.#seenAt.keys()) if (!byId.has(id)) this.#seenAt.delete(id);
    const ripe: OutboxEntry[] = [];
    let recheck = Infinity;
    for (const e of stored) {
      if (held.has(e.clientId) || this.#removed.has(e.clientId)) continue;
      const seen = this.#seenAt.get(e.clientId) ?? now;
      this.#seenAt.set(e.clientId, seen);
      if (now - seen >= ADOPT_AFTER_MS) ripe.push(e);
      else recheck = Math.min(recheck, seen + ADOPT_AFTER_MS);
    }
    let changed = ripe.length > 0;
    const kept: OutboxEntry[] = [];
    for (const e of state) {
      const other = byId.get(e.clientId);
      if (this.#own.has(e.clientId) || e.state === 'sending') kept.push(e);
      else if (!other) changed = true;
      else if (other.state !== e.state || other.notBefore !== e.notBefore || other.error?.code !== e.error?.code) {
        kept.push(other);
        changed = true;
      } else kept.push(e);
    }
    if (recheck !== Infinity) this.#scheduleAdopt(recheck - now);
    if (!changed) return;
    // Storage already says so: nothing to write.
    this.#set(interleave(kept, ripe), false);
    this.pump();
  }

  #scheduleAdopt(delayMs: number): void {
    if (this.#adoptTimer) clearTimeout(this.#adoptTimer);
    this.#adoptTimer = setTimeout(() => {
      this.#adoptTimer = null;
      void this.#adopt().catch(() => undefined);
    }, delayMs);
  }

  /** Keeps what did not parse under a side key (a newer SDK's format, a manual edit) rather than deleting it. */
  #setAside(rejected: unknown[]): void {
    const { storage, key } = this.#options;
    const aside = `${key}:unreadable`;
    this.#saveChain = this.#saveChain
      .then(async () => {
        const previous = readJsonArray(await storage.getItem(aside));
        await storage.setItem(aside, JSON.stringify([...previous, ...rejected]));
      })
      .catch(() => undefined);
  }
}

/**
 * Two tabs' entries as one list in send order: each tab's own order kept as it is (a clock set back must not
 * swap a tab's messages), the two merged by `createdAt`. Appending the other tab's after this one's would, after
 * a reload, send this tab's later message of a query before the other tab's earlier one.
 */
export function interleave(mine: readonly OutboxEntry[], foreign: readonly OutboxEntry[]): OutboxEntry[] {
  const merged: OutboxEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < mine.length && j < foreign.length) merged.push(foreign[j]!.createdAt < mine[i]!.createdAt ? foreign[j++]! : mine[i++]!);
  return merged.concat(mine.slice(i), foreign.slice(j));
}

function readJsonArray(text: string | null): unknown[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [text];
  }
}
