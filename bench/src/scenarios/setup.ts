/**
 * Set-up shared by the scenarios: conversations with their customers and
 * agents connected and joined, ready to talk.
 */
import { mapLimit } from '../load/concurrency.ts';
import type { BenchConnection } from '../load/connection.ts';
import { expectOk, type ConversationSeed, type Target } from '../targets/target.ts';

export interface LiveConversation {
  seed: ConversationSeed;
  customer: BenchConnection;
  agents: BenchConnection[];
}

/** Connects every customer and `agentsEach` agents per conversation, and joins them all to their query. */
export async function openConversations(
  target: Target,
  seeds: readonly ConversationSeed[],
  agentsEach: number,
  concurrency: number,
): Promise<LiveConversation[]> {
  return mapLimit(seeds, Math.max(1, Math.floor(concurrency / (1 + agentsEach)) || 1), async (seed) => {
    const customer = await target.connectCustomer(seed);
    expectOk(await customer.request('query:join', { queryId: seed.queryId }), 'customer query:join');
    const agents = await mapLimit(Array.from({ length: agentsEach }), Math.min(agentsEach, concurrency), async () => {
      const agent = await target.connectAgent(seed);
      expectOk(await agent.request('query:join', { queryId: seed.queryId }), 'agent query:join');
      return agent;
    });
    return { seed, customer, agents };
  });
}

/** Closes every connection of the conversations. */
export function closeConversations(conversations: readonly LiveConversation[]): void {
  for (const c of conversations) {
    c.customer.close();
    for (const agent of c.agents) agent.close();
  }
}

/** Counts connections that drop while a scenario runs: each is an error in the checks. */
export class DropCounter {
  count = 0;
  watch(connection: BenchConnection): void {
    connection.onClose(() => this.count++);
  }
}
