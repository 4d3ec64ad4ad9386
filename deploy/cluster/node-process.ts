/**
 * One Parley node as a child process (`packages/server/dist/main.js`, as
 * `npm start` runs it), for the local cluster and the tests that kill,
 * stop and restart nodes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SERVER_MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

/** Lines of output kept for error messages and tests. */
const KEEP_LINES = 400;

export class NodeProcess {
  readonly name: string;
  readonly port: number;
  readonly #env: NodeJS.ProcessEnv;
  readonly #lines: string[] = [];
  #child: ChildProcess | null = null;
  #exited: Promise<number | null> = Promise.resolve(null);

  constructor(name: string, port: number, env: NodeJS.ProcessEnv) {
    this.name = name;
    this.port = port;
    this.#env = env;
  }

  /** The node's own address, bypassing the balancer. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Everything the node printed (its last lines). */
  output(): string {
    return this.#lines.join('\n');
  }

  /** Starts the node (again) and resolves once /readyz answers 200. */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [SERVER_MAIN], { env: { ...this.#env, PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.#lines.push(line);
      this.#lines.splice(0, Math.max(0, this.#lines.length - KEEP_LINES));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited during start:\n${this.output()}`);
      const ok = await fetch(`${this.url}/readyz`).then((r) => r.ok, () => false);
      if (ok) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends `signal` and resolves with the exit code once the process is gone (SIGKILL: a crash). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (!this.running) return this.#child?.exitCode ?? null;
    this.#child!.kill(signal);
    return this.#exited;
  }

  /** SIGTERM (a graceful drain), SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (!this.running) return this.#child?.exitCode ?? null;
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), graceMs);
    const code = await this.kill('SIGTERM');
    clearTimeout(timer);
    return code;
  }
}
