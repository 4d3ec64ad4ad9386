/** `node dist/main.js` as a child process, for tests that signal or kill the real thing. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { until } from './sockets.js';

export const mainJs = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts dist/main.js on a free port with this environment and waits until it listens. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(mainJs)) throw new Error(`build the server first (npx tsc -b packages/server): ${mainJs} is missing`);
  const child = spawn(process.execPath, [mainJs], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until(() => /"msg":"Parley server listening"/.test(output) || child.exitCode !== null, 15_000, 'server start');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const url = /"url":"(http:[^"]+)"/.exec(output)?.[1];
  if (!url) throw new Error(`server did not start:\n${output}`);
  return { child, url, output: () => output, exited };
}
