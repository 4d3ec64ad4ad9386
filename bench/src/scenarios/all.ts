/** Every scenario, in the issue's order, and those run only when asked for. */
import { abuseScenario } from './abuse.ts';
import { conversationsScenario } from './conversations.ts';
import { fanOutScenario } from './fan-out.ts';
import { idleScenario } from './idle.ts';
import { openLoopScenario } from './open-loop.ts';
import { reconnectStormScenario } from './reconnect-storm.ts';
import { storeScenario } from './store.ts';
import type { Scenario } from './scenario.ts';

export const allScenarios: readonly Scenario[] = [
  conversationsScenario,
  openLoopScenario,
  idleScenario,
  reconnectStormScenario,
  fanOutScenario,
  storeScenario,
];

/**
 * Scenarios a run includes only when `--scenarios` names them: the abuse scenario (issue 14) compares Parley
 * with itself under attack, not with the baselines, and runs a server configured differently from the others.
 */
export const optInScenarios: readonly Scenario[] = [abuseScenario];

/** Picks scenarios by id or name (`1,open-loop,abuse`); all but the opt-in ones when `list` is empty. */
export function selectScenarios(list: readonly string[]): Scenario[] {
  if (list.length === 0) return [...allScenarios];
  const known = [...allScenarios, ...optInScenarios];
  return list.map((item) => {
    const found = known.find((s) => String(s.id) === item || s.name === item);
    if (!found) throw new Error(`unknown scenario "${item}"; known: ${known.map((s) => `${s.id} ${s.name}`).join(', ')}`);
    return found;
  });
}
