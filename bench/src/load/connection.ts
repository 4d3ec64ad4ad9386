/**
 * The one interface every scenario drives, whatever sits underneath: the thin
 * Engine.IO client, the real socket.io-client, or the bare-ws client. All three
 * speak the same event names and payloads (`query:join`, `message:send`,
 * `message:new`), so a scenario is written once and run against every target.
 */
export interface BenchConnection {
  /** Sends an event that expects an ack and resolves with the ack's payload. */
  request(event: string, payload: unknown): Promise<unknown>;
  /**
   * Listens to a server event. Listeners are few and fixed per connection; the
   * thin clients skip JSON-parsing events nobody listens to, which keeps the
   * load generator cheap under heavy fan-out.
   */
  on(event: string, listener: (payload: unknown) => void): void;
  /**
   * How many events of this name arrived so far, listened to or not. Counting
   * costs no JSON parsing, so scenarios can see traffic they do not otherwise
   * read (Parley's `query:updated` queue updates to agents).
   */
  eventCount(event: string): number;
  /** Called once when the connection drops for any reason other than close(). */
  onClose(listener: (reason: string) => void): void;
  /** Closes the connection; pending requests reject. */
  close(): void;
}

/** A failed handshake or namespace connect, with the server's error data when it sent one. */
export class ConnectError extends Error {
  readonly data: unknown;
  constructor(message: string, data?: unknown) {
    super(message);
    this.name = 'ConnectError';
    this.data = data;
  }
}

/** How long a request may wait for its ack before the bench counts it as lost. */
export const REQUEST_TIMEOUT_MS = 30_000;
