/**
 * A server under test running as its own process, so that its CPU and memory
 * are its own and a crash cannot take the load generator with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitUntil } from '../load/concurrency.ts';

export interface ChildServerOptions {
  /** Shown in errors. */
  name: string;
  /** Arguments to `node` (flags, then the script). */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Resolves true once the server answers. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

/** How many lines of the child's output to keep for error messages. */
const TAIL_LINES = 40;

export class ChildServer {
  readonly #options: ChildServerOptions;
  readonly #process: ChildProcess;
  readonly #tail: string[] = [];
  readonly exited: Promise<number | null>;

  private constructor(options: ChildServerOptions) {
    this.#options = options;
    this.#process = spawn(process.execPath, options.args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.#tail.push(line);
      this.#tail.splice(0, Math.max(0, this.#tail.length - TAIL_LINES));
    };
    this.#process.stdout!.on('data', keep);
    this.#process.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.#process.once('exit', (code) => resolve(code)));
  }

  /** Spawns the server and waits until `ready` says it answers. */
  static async start(options: ChildServerOptions): Promise<ChildServer> {
    const child = new ChildServer(options);
    let dead = false;
    void child.exited.then(() => (dead = true));
    const ok = await waitUntil(async () => dead || (await options.ready().catch(() => false)), options.readyTimeoutMs ?? 30_000, 100);
    if (!ok || dead) {
      child.#process.kill('SIGKILL');
      throw new Error(`${options.name} did not start:\n${child.output()}`);
    }
    return child;
  }

  get pid(): number {
    return this.#process.pid!;
  }

  /** The last lines the server printed. */
  output(): string {
    return this.#tail.join('\n');
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (this.#process.exitCode !== null || this.#process.signalCode !== null) return this.#process.exitCode;
    this.#process.kill('SIGTERM');
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
