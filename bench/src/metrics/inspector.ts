/**
 * Talks to a server process's V8 inspector (started with
 * `--inspect=127.0.0.1:<port>`) to force a full garbage collection and read
 * the heap afterwards. This is how scenario 3 measures retained heap per
 * connection the same way for Parley and the baselines, without `--expose-gc`
 * and without any hook in the server's code.
 */
import WebSocket from 'ws';

interface InspectorTarget {
  webSocketDebuggerUrl: string;
}

export class InspectorClient {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, (result: unknown) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      this.#pending.get(message.id)?.(message.error ? new Error(message.error.message) : message.result);
      this.#pending.delete(message.id);
    });
  }

  /** Connects to the inspector listening on `port`. */
  static async connect(port: number): Promise<InspectorClient> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as InspectorTarget[];
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${port}`);
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new InspectorClient(socket);
  }

  async #call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#nextId++;
    const result = await new Promise<unknown>((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
    if (result instanceof Error) throw result;
    return result;
  }

  /** Full GC, then the heap still in use, in bytes. */
  async heapUsedAfterGc(): Promise<number> {
    await this.#call('HeapProfiler.collectGarbage');
    const response = (await this.#call('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    })) as { result: { value: number } };
    return response.result.value;
  }

  close(): void {
    this.#socket.close();
  }
}
