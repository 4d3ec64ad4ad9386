import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AgentWithPresence, PresenceStatus } from '@parley/protocol';
import { RealtimeService } from '../realtime/realtime';
import { Team } from './team';

const ann: AgentWithPresence = { id: 'ann', email: 'ann@x.test', name: 'Ann', role: 'agent', active: true, createdAt: '', status: 'online' };

describe('Team', () => {
  it('shows presence live, and reloads the list once per unknown agent, not once per presence event', async () => {
    const presence = signal<Readonly<Record<string, PresenceStatus>>>({});
    const listAgents = vi.fn(async () => [ann]);
    TestBed.configureTestingModule({ providers: [{ provide: RealtimeService, useValue: { presence, started: signal(true), api: { listAgents } } }] });
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
