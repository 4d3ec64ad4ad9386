/**
 * The abuse scenario end to end in quick mode: Parley with its default limits,
 * the victim, and every flood from its own attacker process, at small sizes
 * (1.5 s windows). No time is asserted — only that the report has its shape,
 * that the server did what it is meant to do to the attacker (the fast socket
 * cut, one user's extra sockets refused, most of a query flood refused), and
 * that the victim was never refused.
 */
import { describe, expect, it } from 'vitest';
import { FloodNames } from '../src/abuse/flood.ts';
import { QUICK_SIZES } from '../src/config/sizes.ts';
import { renderAbuseTables } from '../src/report/abuse-table.ts';
import { runBench } from '../src/runner.ts';
import { abuseScenario } from '../src/scenarios/abuse.ts';
import { selectScenarios } from '../src/scenarios/all.ts';

describe('abuse scenario, quick', () => {
  it('is run only when asked for, by name or id', () => {
    expect(selectScenarios([]).map((s) => s.name)).not.toContain('abuse');
    expect(selectScenarios(['abuse'])).toEqual([abuseScenario]);
    expect(selectScenarios(['7'])).toEqual([abuseScenario]);
  });

  it('measures the victim quiet and during each flood, and the server cuts or refuses the attacker', async () => {
    const results = await runBench({
      sizes: QUICK_SIZES,
      scenarios: [abuseScenario],
      targets: ['parley-defaults'],
      rounds: 1,
      client: 'thin',
      quick: true,
      log: () => {},
    });
    const run = results.scenarios[0]!.runs[0]!;
    expect(run.error).toBeUndefined();
    expect(run.target).toBe('parley-defaults');
    const floods = run.floods!;
    expect(floods.map((f) => f.flood)).toEqual([...FloodNames]);

    for (const f of floods) {
      for (const window of [f.quiet, f.during]) {
        expect(window.victim.sent, f.flood).toBeGreaterThan(0);
        expect(window.victim.ack.count, f.flood).toBeGreaterThan(0);
        expect(window.victim.healthz.count, f.flood).toBeGreaterThan(0);
      }
      expect(f.attacker.rate.perSecond, f.flood).toBeGreaterThan(0);
      for (const suffix of ['AckP50Ratio', 'AckP99Ratio', 'HealthzP50Ratio', 'HealthzP99Ratio']) {
        const key = f.flood.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) + suffix;
        const value = run.metrics.find((m) => m.key === key)?.value;
        expect(Number.isFinite(value), key).toBe(true);
      }
    }

    const [fast, many, queries, idle] = floods as [(typeof floods)[number], (typeof floods)[number], (typeof floods)[number], (typeof floods)[number]];
    // The fast socket is cut, and told why.
    expect(fast.during.server.floodCuts).toBeGreaterThanOrEqual(1);
    expect(fast.attacker.counts['server:closing rate_limited']).toBeGreaterThanOrEqual(1);
    // One user's sockets past MAX_SOCKETS_PER_USER (20) are refused.
    expect(many.attacker.counts['typing connects refused (prepare): quota_exceeded']).toBeGreaterThanOrEqual(1);
    // A query flood opens a few queries and is refused the rest.
    expect(queries.attacker.counts['201 opened']).toBeGreaterThan(0);
    const refused = Object.entries(queries.attacker.counts).filter(([kind]) => /^4\d\d /.test(kind)).reduce((n, [, count]) => n + count, 0);
    expect(refused).toBeGreaterThan(0);
    expect(idle.attacker.counts['TCP connections opened']).toBeGreaterThanOrEqual(QUICK_SIZES.abuse.idleConnections);

    // The victim: every message acked, every /healthz answered, no socket dropped.
    expect(run.checks.acked).toBe(run.checks.sent);
    expect(run.checks.errors).toBe(0);
    expect(renderAbuseTables(results)).toContain('| one fast socket |');
  }, 60_000);
});
