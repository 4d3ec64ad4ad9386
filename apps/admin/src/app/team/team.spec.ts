import { TestBed } from '@angular/core/testing';
import type { AgentWithPresence } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { Team } from './team';

const ann: AgentWithPresence = { id: 'ann', email: 'ann@x.test', name: 'Ann', role: 'agent', active: true, createdAt: '', status: 'online' };

describe('Team', () => {
  it('shows presence live, and reloads the list once per unknown agent, not once per presence event', async () => {
    const client = new FakeAgentClient();
    const { presence, listAgents } = client;
    listAgents.mockResolvedValue([ann]);
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client)] });
    startRealtime();
    const team = TestBed.inject(Team);
    await team.refresh();
    expect(listAgents).toHaveBeenCalledTimes(1);

    presence.set({ ann: 'away' });
    TestBed.tick();
    expect(team.agents()[0]!.status).toBe('away');
    expect(listAgents).toHaveBeenCalledTimes(1);

    // An agent the server knows but the list does not (created since): one reload, however often they flap.
    presence.set({ ann: 'away', ghost: 'online' });
    TestBed.tick();
    await vi.waitFor(() => expect(listAgents).toHaveBeenCalledTimes(2));
    presence.set({ ann: 'away', ghost: 'away' });
    TestBed.tick();
    presence.set({ ann: 'online', ghost: 'online' });
    TestBed.tick();
    await Promise.resolve();
    expect(listAgents).toHaveBeenCalledTimes(2);
  });
});
