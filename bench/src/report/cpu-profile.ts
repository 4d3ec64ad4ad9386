/**
 * Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`): where the
 * server's CPU time went, by function (self time) and by package.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  /** Self time in ms. */
  ms: number;
  /** Share of all sampled time (idle included), 0..1. */
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Time not idle, in ms. */
  busyMs: number;
  topFunctions: ProfileEntry[];
  byPackage: ProfileEntry[];
}

/** Which package a script URL belongs to, e.g. `socket.io`, `parley-server`, `node:internal`. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.startsWith('node:internal') ? 'node (internals)' : url;
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes('/packages/server/')) return 'parley server';
  if (url.includes('/packages/protocol/')) return 'parley protocol';
  return url;
}

export async function summariseProfile(file: string, top = 20): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  // Each sample's time is the delta to the next sample (V8 stores deltas before each sample).
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta);
  }
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    totalMs += ms;
    if (functionName === '(idle)') idleMs += ms;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const entries = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / totalMs) * 1000) / 1000 }));
  return {
    file,
    totalMs: Math.round(totalMs),
    busyMs: Math.round(totalMs - idleMs),
    topFunctions: entries(functions).slice(0, top),
    byPackage: entries(packages).slice(0, top),
  };
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) return url.slice(nm + 'node_modules/'.length);
  const pkg = url.indexOf('/packages/');
  return pkg !== -1 ? url.slice(pkg + 1) : url.replace(/^file:\/\//, '');
}
