/**
 * The two baselines as targets: each a child process running
 * src/servers/<name>-relay.ts, read through its `/stats` side channel.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connectEio } from '../load/eio-client.ts';
import { connectSio } from '../load/sio-connection.ts';
import { connectWs } from '../load/ws-client.ts';
import type { BenchConnection } from '../load/connection.ts';
import type { ServerStats } from '../servers/stats-endpoint.ts';
import { ChildServer } from './child-server.ts';
import { freePort } from '../../../deploy/cluster/free-port.ts';
import type { ClientKind, ConversationSeed, Target, TargetStats } from './target.ts';

const SCRIPTS = {
  socketio: fileURLToPath(new URL('../servers/socketio-relay.ts', import.meta.url)),
  ws: fileURLToPath(new URL('../servers/ws-relay.ts', import.meta.url)),
} as const;

export interface BaselineStartOptions {
  client: ClientKind;
  /** Extra flags for the server's `node` (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /** Open the server's V8 inspector on this port (127.0.0.1 only). */
  inspectorPort?: number;
}

export class BaselineTarget implements Target {
  readonly name: 'socketio' | 'ws';
  readonly url: string;
  readonly #server: ChildServer;
  readonly inspectorPort: number | undefined;
  readonly #client: ClientKind;

  private constructor(name: 'socketio' | 'ws', url: string, server: ChildServer, options: BaselineStartOptions) {
    this.name = name;
    this.url = url;
    this.#server = server;
    this.#client = options.client;
    this.inspectorPort = options.inspectorPort;
  }

  static async start(name: 'socketio' | 'ws', options: BaselineStartOptions): Promise<BaselineTarget> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await ChildServer.start({
      name: `${name} baseline`,
      args: [...(options.nodeFlags ?? []), ...(options.inspectorPort ? [`--inspect=127.0.0.1:${options.inspectorPort}`] : []), SCRIPTS[name]],
      env: { ...process.env, PORT: String(port) },
      ready: async () => (await fetch(`${url}/stats`)).ok,
    });
    return new BaselineTarget(name, url, server, options);
  }

  get pid(): number {
    return this.#server.pid;
  }

  get serverPids(): readonly number[] {
    return [this.#server.pid];
  }

  /** Rooms need no set-up here, and there are no accounts: `assignedAgents` changes nothing. */
  async createConversations(count: number): Promise<ConversationSeed[]> {
    return Array.from({ length: count }, () => ({ queryId: randomUUID(), customerToken: '' }));
  }

  connectCustomer(): Promise<BenchConnection> {
    return this.#connect('/chat');
  }

  connectAgent(): Promise<BenchConnection> {
    return this.#connect('/admin');
  }

  async stats(): Promise<TargetStats> {
    const stats = (await (await fetch(`${this.url}/stats`)).json()) as ServerStats;
    return { heapUsed: stats.heapUsed, eventLoop: stats.eventLoop };
  }

  async stop(): Promise<void> {
    await this.#server.stop();
  }

  #connect(namespace: string): Promise<BenchConnection> {
    if (this.name === 'ws') return connectWs({ url: this.url });
    return this.#client === 'thin'
      ? connectEio({ url: this.url, namespace })
      : connectSio({ url: this.url, namespace });
  }
}
