/** Writes `<stamp>.json` and `<stamp>.svg` for a run and returns their paths. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from '../runner.ts';
import { renderChart } from './chart.ts';
import type { ProfileSummary } from './cpu-profile.ts';
import type { SummaryRow } from './summary.ts';

/** What the results file holds: the raw runs, the summary rows and the profile. */
export interface ResultsFile extends BenchResults {
  summary: SummaryRow[];
  cpuProfile?: ProfileSummary;
}

export async function writeResults(outDir: string, file: ResultsFile): Promise<{ json: string; chart: string }> {
  await mkdir(outDir, { recursive: true });
  // 2025-11-26T10:45:12.345Z → 2025-11-26-1045: sortable, one run per minute.
  const stamp = file.startedAt.slice(0, 16).replace('T', '-').replace(':', '');
  const json = join(outDir, `${stamp}${file.quick ? '-quick' : ''}.json`);
  const chart = join(outDir, `${stamp}${file.quick ? '-quick' : ''}.svg`);
  await writeFile(json, JSON.stringify(file, null, 2) + '\n');
  await writeFile(chart, renderChart(file, file.summary));
  return { json, chart };
}
