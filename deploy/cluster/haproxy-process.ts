/**
 * HAProxy in front of the local cluster, run from deploy/haproxy.cfg itself —
 * the file operators deploy — with its server list rewritten for the nodes at
 * hand and its addresses given through the environment, as in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HAPROXY_CFG = fileURLToPath(new URL('../haproxy.cfg', import.meta.url));

/** Debian's binary; HAPROXY overrides. */
const HAPROXY = process.env.HAPROXY ?? 'haproxy';

export interface HaproxyOptions {
  dir: string;
  httpPort: number;
  httpsPort: number;
  pemPath: string;
  nodes: Array<{ name: string; port: number }>;
  /**
   * Per client address: connections held and opened per 10 s. Default: no practical limit, since every
   * client of a local cluster (tests, benchmarks) comes from 127.0.0.1.
   */
  perSource?: { connections: number; per10s: number; requestsPer10s?: number };
}

/** The shipped configuration with one `server` line per node between its `servers:begin/end` markers. */
export function renderConfig(nodes: Array<{ name: string }>): string {
  const shipped = readFileSync(HAPROXY_CFG, 'utf8');
  const begin = shipped.indexOf('# servers:begin');
  const end = shipped.indexOf('# servers:end');
  if (begin < 0 || end < 0) throw new Error(`${HAPROXY_CFG} has no servers:begin/servers:end markers`);
  const lineStart = shipped.lastIndexOf('\n', begin) + 1;
  const indent = shipped.slice(lineStart, begin);
  const servers = nodes.map((node, i) => `${indent}server ${node.name} "\${PARLEY_NODE_${i + 1}}" cookie ${node.name}`).join('\n');
  return `${shipped.slice(0, shipped.indexOf('\n', begin) + 1)}${servers}\n${shipped.slice(shipped.lastIndexOf('\n', end) + 1)}`;
}

export class HaproxyProcess {
  readonly socketPath: string;
  readonly #child: ChildProcess;
  #output = '';

  private constructor(child: ChildProcess, socketPath: string) {
    this.#child = child;
    this.socketPath = socketPath;
    child.stdout!.on('data', (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-20_000)));
    child.stderr!.on('data', (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-20_000)));
  }

  static async start(options: HaproxyOptions): Promise<HaproxyProcess> {
    const cfg = join(options.dir, 'haproxy.cfg');
    writeFileSync(cfg, renderConfig(options.nodes));
    const socketPath = join(options.dir, 'haproxy.sock');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PARLEY_HTTP_BIND: `127.0.0.1:${options.httpPort}`,
      PARLEY_HTTPS_BIND: `127.0.0.1:${options.httpsPort}`,
      PARLEY_HTTPS_PORT_SUFFIX: options.httpsPort === 443 ? '' : `:${options.httpsPort}`,
      PARLEY_TLS_PEM: options.pemPath,
      PARLEY_ADMIN_SOCKET: socketPath,
      // Within this machine's file-descriptor limit (HAProxy needs two per connection).
      PARLEY_MAXCONN: process.env.PARLEY_MAXCONN ?? '4000',
      PARLEY_MAX_CONN_PER_SOURCE: String(options.perSource?.connections ?? 1_000_000),
      PARLEY_CONN_RATE_PER_SOURCE: String(options.perSource?.per10s ?? 1_000_000),
      PARLEY_HTTP_REQ_RATE_PER_SOURCE: String(options.perSource?.requestsPer10s ?? 10_000_000),
    };
    options.nodes.forEach((node, i) => (env[`PARLEY_NODE_${i + 1}`] = `127.0.0.1:${node.port}`));
    // -db: stay in the foreground (one process), logging to stdout.
    const child = spawn(HAPROXY, ['-db', '-f', cfg], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const proxy = new HaproxyProcess(child, socketPath);
    const deadline = Date.now() + 10_000;
    // Both: HAProxy binds its TCP listeners before it creates the runtime API's socket, so a connection accepted on
    // the HTTPS port does not yet mean `command()` can reach it (a CI run's cluster test failed with ENOENT on it).
    while (!((await proxy.#answers()) && (await proxy.#listening(options.httpsPort)))) {
      if (child.exitCode !== null) throw new Error(`haproxy exited:\n${proxy.output()}`);
      if (Date.now() > deadline) throw new Error(`haproxy did not listen on ${options.httpsPort}:\n${proxy.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return proxy;
  }

  output(): string {
    return this.#output;
  }

  /** One command of the runtime API (e.g. `show servers state`), its answer as text. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.socketPath);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.end(`${line}\n`);
    });
  }

  /** Whether HAProxy considers each server up (its health checks' verdict), by server name. */
  async serverStates(): Promise<Map<string, 'up' | 'down'>> {
    const text = await this.command('show stat');
    const states = new Map<string, 'up' | 'down'>();
    const [header, ...rows] = text.trim().split('\n');
    const columns = (header ?? '').replace(/^# /, '').split(',');
    const name = columns.indexOf('svname');
    const status = columns.indexOf('status');
    for (const row of rows) {
      const cells = row.split(',');
      const server = cells[name];
      if (!server || server === 'FRONTEND' || server === 'BACKEND') continue;
      states.set(server, cells[status]?.startsWith('UP') ? 'up' : 'down');
    }
    return states;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Whether the runtime API answers (its socket exists and HAProxy serves it). */
  async #answers(): Promise<boolean> {
    try {
      return (await this.command('show info')).includes('Pid:');
    } catch {
      return false;
    }
  }

  #listening(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  }
}
