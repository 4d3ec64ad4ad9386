/**
 * Command-line options of `npm run bench` (see docs/performance.md for the list).
 */
import { applyOverrides, FULL_SIZES, QUICK_SIZES, type BenchSizes } from './sizes.ts';
import { OnlyWhenNamed, TargetNames, type ClientKind, type TargetName } from '../targets/target.ts';

export interface CliOptions {
  quick: boolean;
  scenarios: string[];
  targets: TargetName[];
  rounds: number;
  client: ClientKind;
  /** Where results JSON and chart go; default bench/results. */
  outDir: string | undefined;
  profile: boolean;
  sizes: BenchSizes;
}

export const USAGE = `usage: npm run bench -- [options]
  --quick                      small sizes, finishes in seconds (what npm test runs)
  --scenarios=1,2,idle         scenarios by id or name (default: all but abuse, which runs only when named)
  --targets=parley,parley-event-loop,parley-pg,parley-cluster,socketio,ws,parley-defaults
                               targets (default: all but parley-event-loop; parley-pg runs scenarios 1
                               and 6, parley-cluster scenario 1, parley-defaults — Parley with its default limits —
                               the abuse scenario only, parley-event-loop — the embedded store on the event loop,
                               SQLITE_THREAD=main — scenarios 1, 2, 3, 5 and 4)
  --rounds=N                   repeat each scenario N times, alternating target order (default 1)
  --client=thin|socket.io-client  client for Socket.IO targets (default thin)
  --out=DIR                    results directory (default bench/results)
  --no-profile                 skip the extra, profiled run of Parley in scenario 1
  --<group>.<size>=N           override a size, e.g. --openLoop.customers=2000
                               (or env BENCH_OPENLOOP_CUSTOMERS=2000); see src/config/sizes.ts`;

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const options: Omit<CliOptions, 'sizes'> = {
    quick: false,
    scenarios: [],
    targets: TargetNames.filter((t) => !OnlyWhenNamed.includes(t)),
    rounds: 1,
    client: 'thin',
    outDir: undefined,
    profile: true,
  };
  const overrides = new Map<string, string>();
  for (const arg of argv) {
    const [flag, value = ''] = arg.replace(/^--/, '').split(/=(.*)/s, 2) as [string, string?];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    switch (flag) {
      case 'quick': options.quick = true; break;
      case 'scenarios': options.scenarios = value.split(',').filter(Boolean); break;
      case 'targets': {
        const list = value.split(',').filter(Boolean);
        const unknown = list.filter((t) => !(TargetNames as readonly string[]).includes(t));
        if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')}; known: ${TargetNames.join(', ')}`);
        options.targets = list as TargetName[];
        break;
      }
      case 'rounds': options.rounds = Math.max(1, Number.parseInt(value, 10) || 1); break;
      case 'client':
        if (value !== 'thin' && value !== 'socket.io-client') throw new Error(`--client must be thin or socket.io-client`);
        options.client = value;
        break;
      case 'out': options.outDir = value; break;
      case 'no-profile': options.profile = false; break;
      case 'help': throw new Error(USAGE);
      default:
        if (!flag.includes('.') && !(flag in FULL_SIZES)) throw new Error(`unknown option ${arg}\n${USAGE}`);
        overrides.set(flag, value);
    }
  }
  return { ...options, sizes: applyOverrides(options.quick ? QUICK_SIZES : FULL_SIZES, overrides, env) };
}
