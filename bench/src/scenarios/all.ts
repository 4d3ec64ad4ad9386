/** Every scenario, in the issue's order. */
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

/** Picks scenarios by id or name (`1,open-loop`); all when `list` is empty. */
export function selectScenarios(list: readonly string[]): Scenario[] {
  if (list.length === 0) return [...allScenarios];
  return list.map((item) => {
    const found = allScenarios.find((s) => String(s.id) === item || s.name === item);
    if (!found) throw new Error(`unknown scenario "${item}"; known: ${allScenarios.map((s) => `${s.id} ${s.name}`).join(', ')}`);
    return found;
  });
}
