/**
 * The acks a thin client waits for, keyed by the request id it put on the
 * wire. Both thin clients (eio-client.ts, ws-client.ts) number requests and
 * match acks the same way; only the frame format differs.
 */
import { REQUEST_TIMEOUT_MS } from './connection.ts';

interface PendingAck {
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class PendingAcks {
  readonly #pending = new Map<number, PendingAck>();
  readonly #timeoutMs: number;
  #nextId = 0;

  constructor(timeoutMs = REQUEST_TIMEOUT_MS) {
    this.#timeoutMs = timeoutMs;
  }

  /** Takes the next id, hands it to `send` (which writes the frame) and waits for that id's ack. */
  request(event: string, send: (id: number) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no ack for ${event} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      send(id);
    });
  }

  /** Whether an ack for `id` is awaited (lets a client skip parsing an ack nobody waits for). */
  has(id: number): boolean {
    return this.#pending.has(id);
  }

  /** Settles request `id` with its ack payload; an unknown or timed-out id is ignored. */
  resolve(id: number, payload: unknown): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(payload);
  }

  /** The connection dropped: every waiting request fails with the reason. */
  failAll(reason: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`connection closed before ack: ${reason}`));
      this.#pending.delete(id);
    }
  }
}
