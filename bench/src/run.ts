/**
 * `npm run bench`: runs the scenarios against Parley (on SQLite, on
 * PostgreSQL, as a cluster behind HAProxy) and the two baselines, prints one
 * table, writes bench/results/<date>.json and a chart (.svg).
 *
 * Run directly by Node 24 (type stripping), no build step: the bench is a tool,
 * not a package others import, and `tsc --noEmit` (npm run typecheck) keeps it
 * honest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from './config/cli.ts';
import { renderAbuseTables } from './report/abuse-table.ts';
import { summariseProfile, type ProfileSummary } from './report/cpu-profile.ts';
import { summarise } from './report/summary.ts';
import { renderTable } from './report/table.ts';
import { writeResults } from './report/write-results.ts';
import { runBench } from './runner.ts';
import { selectScenarios } from './scenarios/all.ts';

/** Open files the run may need: 20,000 sockets in the bench process, as many in the server. */
const FILE_LIMIT = 100_000;
const RAISED = 'PARLEY_BENCH_FILE_LIMIT_RAISED';

// Node cannot raise its own RLIMIT_NOFILE, so re-run this script under a shell
// that does; the server children inherit the limit from us.
if (!process.env[RAISED]) {
  const script = `ulimit -n ${FILE_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const child = spawnSync('bash', ['-c', script, process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [RAISED]: '1' },
  });
  process.exit(child.status ?? 1);
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2), process.env);
  const scenarios = selectScenarios(options.scenarios);
  const profileDir = options.profile && !options.quick ? await mkdtemp(join(tmpdir(), 'parley-bench-profile-')) : undefined;
  const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  log(`scenarios ${scenarios.map((s) => s.id).join(',')} × targets ${options.targets.join(',')}, ${options.rounds} round(s), ${options.quick ? 'quick' : 'full'} sizes`);

  const results = await runBench({
    sizes: options.sizes,
    scenarios,
    targets: options.targets,
    rounds: options.rounds,
    client: options.client,
    quick: options.quick,
    log,
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
  });

  let cpuProfile: ProfileSummary | undefined;
  if (profileDir) {
    const file = (await readdir(profileDir)).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      cpuProfile = await summariseProfile(join(profileDir, file));
      log(`CPU profile of Parley in scenario 1: ${join(profileDir, file)} (open in Chrome DevTools → Performance)`);
    }
  }
  const summary = summarise(results);
  process.stdout.write(renderTable(results, summary) + '\n');
  const abuse = renderAbuseTables(results);
  if (abuse) process.stdout.write(`\n${abuse}\n`);
  if (cpuProfile) {
    process.stdout.write(`\nParley CPU in scenario 1 by package (self time, ${cpuProfile.busyMs} ms busy of ${cpuProfile.totalMs} ms):\n`);
    for (const entry of cpuProfile.byPackage.slice(0, 12)) process.stdout.write(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}\n`);
    process.stdout.write('Top functions by self time:\n');
    for (const entry of cpuProfile.topFunctions.slice(0, 15)) process.stdout.write(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}\n`);
  }
  const outDir = options.outDir ?? fileURLToPath(new URL('../results', import.meta.url));
  const written = await writeResults(outDir, { ...results, summary, ...(cpuProfile ? { cpuProfile } : {}) });
  log(`results: ${written.json}\nchart:   ${written.chart}`);
  const failed = results.scenarios.flatMap((s) => s.runs).filter((r) => r.error || r.checks.lost > 0);
  if (failed.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
