/**
 * The attacker as the scenario sees it: a child process (attacker.ts) that
 * prepares, starts and stops one flood on order, over IPC. It is a process of
 * its own so that its event loop — thousands of writes, timers and sockets —
 * never delays the victim's timers in the bench process, and so that its CPU
 * can be read apart from everyone else's (/proc/<pid>/stat). It still shares
 * the machine's cores with the server: by default it runs at the lowest CPU
 * priority (sizes: `abuse.attackerNice`, 19), so that its cycles are the ones
 * nobody else wanted.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AttackReport, FloodPlan } from './flood.ts';

const ATTACKER_SCRIPT = fileURLToPath(new URL('./attacker.ts', import.meta.url));

/** What the scenario tells the attacker. */
export type AttackerOrder = { kind: 'prepare'; plan: FloodPlan } | { kind: 'start' } | { kind: 'stop' };

/** What the attacker answers, one answer per order. */
export type AttackerAnswer = { kind: 'ready' } | { kind: 'started' } | { kind: 'report'; report: AttackReport } | { kind: 'failed'; message: string };

/** How long preparing may take (sign-ins, queries, up to a few hundred sockets at the handshake limit's pace). */
const PREPARE_TIMEOUT_MS = 120_000;
const ORDER_TIMEOUT_MS = 30_000;
const TAIL_LINES = 20;

export class AttackerProcess {
  readonly #child: ChildProcess;
  readonly #tail: string[] = [];
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.#tail.push(line);
      this.#tail.splice(0, Math.max(0, this.#tail.length - TAIL_LINES));
    });
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts the attacker process; it waits for orders. */
  static spawn(nice: number): AttackerProcess {
    // No inherited Node flags: the bench's own (--cpu-prof, an inspector) are not the attacker's.
    const child = fork(ATTACKER_SCRIPT, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    // An attacker runs on machines of its own: here it shares 2 cores with the server and the victim, and at
    // the same priority its bursts (hundreds of connects at once) take the core the victim needed. At nice 19
    // it gets what the others leave, as a remote attacker's CPU would cost them nothing (docs/performance.md).
    if (nice !== 0) setPriority(child.pid!, nice);
    return new AttackerProcess(child);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  async prepare(plan: FloodPlan): Promise<void> {
    await this.#ask({ kind: 'prepare', plan }, PREPARE_TIMEOUT_MS);
  }

  async start(): Promise<void> {
    await this.#ask({ kind: 'start' }, ORDER_TIMEOUT_MS);
  }

  async stop(): Promise<AttackReport> {
    const answer = await this.#ask({ kind: 'stop' }, ORDER_TIMEOUT_MS);
    if (answer.kind !== 'report') throw new Error(`the attacker answered ${answer.kind} to stop`);
    return answer.report;
  }

  /** Ends the process (it exits when the IPC channel closes; SIGKILL if it does not). */
  async kill(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    if (this.#child.connected) this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await this.#exited;
    clearTimeout(timer);
  }

  #ask(order: AttackerOrder, timeoutMs: number): Promise<AttackerAnswer> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error, answer?: AttackerAnswer) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if (error) reject(error);
        else resolve(answer!);
      };
      const onMessage = (answer: AttackerAnswer) => {
        if (answer.kind === 'failed') done(new Error(`attacker: ${answer.message}\n${this.#tail.join('\n')}`));
        else done(undefined, answer);
      };
      const onExit = (code: number | null) => done(new Error(`the attacker exited (${code}) during ${order.kind}:\n${this.#tail.join('\n')}`));
      const timer = setTimeout(() => done(new Error(`the attacker did not answer ${order.kind} within ${timeoutMs / 1000}s`)), timeoutMs);
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      this.#child.send(order);
    });
  }
}
