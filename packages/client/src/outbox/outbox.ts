/**
 * The outbox at run time: the pure state machine (outbox-state.ts) wired to
 * storage, to the send promises and to a transport. Survives a disconnect (in
 * memory) and a reload (through KeyValueStorage); sends each query's messages
 * one at a time, in order, always with the same clientId.
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
  markSending,
  nextToSend,
  nextWakeUp,
  remove,
  requeueInFlight,
  requeueOne,
  retryFailed,
  serialize,
  type OutboxEntry,
  type OutboxState,
} from './outbox-state.js';

/** How the outbox reaches the server. Resolves null when no ack came (link lost, timeout). */
export interface OutboxTransport {
  send(entry: OutboxEntry): Promise<Ack<MessageSendResult> | null>;
}

export interface OutboxOptions {
  storage: KeyValueStorage;
  /** Storage key; per user, so two accounts on one device never send as each other. */
  key: string;
  transport: OutboxTransport;
  /** Every message the server confirmed stored, to merge into its conversation. */
  onStored: (message: Message) => void;
  now?: () => number;
}

interface Settlers {
  resolve: (message: Message) => void;
  reject: (error: ParleyError) => void;
}

export class Outbox {
  readonly #entries = new WritableStore<OutboxState>([]);
  readonly #count = new WritableStore(0);
  readonly #settlers = new Map<string, Settlers>();
  readonly #options: OutboxOptions;
  readonly #now: () => number;
  #online = false;
  #wakeTimer: ReturnType<typeof setTimeout> | null = null;
  #saveChain: Promise<void> = Promise.resolve();
  #loaded = false;
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
    this.#set(enqueue(this.#entries.getSnapshot(), entry));
    if (entry.state === 'failed') this.#settle(entry.clientId, entry.error);
    this.pump();
    return done;
  }

  retry(clientId: string): void {
    this.#set(retryFailed(this.#entries.getSnapshot(), clientId));
    this.pump();
  }

  /** Drops a pending or failed message. One already in flight may still be stored by the server. */
  discard(clientId: string): void {
    const entry = this.#entries.getSnapshot().find((e) => e.clientId === clientId);
    if (!entry) return;
    this.#set(remove(this.#entries.getSnapshot(), clientId));
    this.#settle(clientId, { code: 'not_found', message: 'discarded: the message was removed from the outbox before it was stored' });
    this.pump();
  }

  /** The socket is up (true) or down (false); going down puts in-flight messages back to pending. */
  setOnline(online: boolean): void {
    this.#online = online;
    if (!online) this.#set(requeueInFlight(this.#entries.getSnapshot()));
    this.pump();
  }

  /** Sends whatever is due. Cheap and idempotent: called after every change. */
  pump(): void {
    if (!this.#online || !this.#loaded) return;
    const now = this.#now();
    for (const entry of nextToSend(this.#entries.getSnapshot(), now)) {
      this.#set(markSending(this.#entries.getSnapshot(), entry.clientId));
      void this.#sendOne(entry);
    }
    this.#armWakeUp(now);
  }

  /** Stops timers; entries stay in storage for the next session. */
  dispose(): void {
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    this.#online = false;
  }

  /** Resolves when every write so far reached storage (tests, and close()). */
  flushed(): Promise<void> {
    return this.#saveChain;
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
      this.#options.onStored(ack.message);
      this.#set(ackSucceeded(this.#entries.getSnapshot(), entry.clientId));
      this.#settle(entry.clientId, undefined, ack.message);
    } else if (current?.state === 'sending') {
      if (ack === null) {
        this.#set(requeueOne(this.#entries.getSnapshot(), entry.clientId));
      } else {
        const result = ackFailed(this.#entries.getSnapshot(), entry.clientId, ack.error, this.#now());
        this.#set(result.state);
        if (result.final) this.#settle(entry.clientId, ack.error);
      }
    }
    this.pump();
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

  #set(next: OutboxState): void {
    const previous = this.#entries.getSnapshot();
    if (next === previous) return;
    this.#entries.set(next);
    this.#count.set(next.filter((e) => e.state !== 'failed').length);
    if (this.#loaded && serialize(previous) !== serialize(next)) this.#save(next);
  }

  #save(state: OutboxState): void {
    const text = serialize(state);
    const { storage, key } = this.#options;
    // Chained so an async storage can never write an older snapshot after a newer one.
    this.#saveChain = this.#saveChain
      .then(() => (state.length === 0 ? storage.removeItem(key) : storage.setItem(key, text)))
      .catch(() => undefined);
  }

  async #load(): Promise<void> {
    let stored: OutboxEntry[] = [];
    try {
      stored = deserialize(await this.#options.storage.getItem(this.#options.key));
    } catch {
      // Unreadable storage: start empty rather than never sending anything.
    }
    let state: OutboxState = [];
    for (const entry of stored) state = enqueue(state, entry);
    for (const entry of this.#entries.getSnapshot()) state = enqueue(state, entry);
    this.#loaded = true;
    this.#entries.set(state);
    this.#count.set(state.filter((e) => e.state !== 'failed').length);
    this.#save(state);
    this.pump();
  }
}
