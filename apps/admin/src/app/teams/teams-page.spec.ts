import { TestBed } from '@angular/core/testing';
import type { Team } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { TeamsPage } from './teams-page';

const team: Team = {
  id: 't-1', name: 'Billing', isDefault: true, autoAssign: false, capacity: 5, memberIds: [], hours: null, autoReply: null, createdAt: '',
};

describe('TeamsPage', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    client = new FakeAgentClient();
    client.listTeams.mockResolvedValue([team]);
    client.listAgents.mockResolvedValue([
      { id: 'a-1', email: 'ann@x.test', name: 'Ann', role: 'agent', active: true, createdAt: '', status: 'online' },
      { id: 'a-2', email: 'gone@x.test', name: 'Gone', role: 'agent', active: false, createdAt: '', status: 'offline' },
    ]);
    client.updateTeam.mockImplementation(async (id, patch) => ({ ...team, ...patch, id }) as Team);
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client)] });
    startRealtime();
  });

  it('saves members, auto-assignment, capacity, business hours and the automatic reply as the form has them', async () => {
    const fixture = TestBed.createComponent(TeamsPage);
    await fixture.whenStable();
    await fixture.whenStable();
    const form = (fixture.nativeElement as HTMLElement).querySelector<HTMLFormElement>('form[data-team="t-1"]')!;
    // Only active agents can be members.
    expect([...form.querySelectorAll<HTMLInputElement>('input[name="member"]')].map((i) => i.value)).toEqual(['a-1']);
    const check = (name: string) => ((form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.checked = true), undefined);
    check('member');
    check('autoAssign');
    check('hasHours');
    check('open-1');
    check('open-5');
    form.querySelector<HTMLInputElement>('input[name="timeZone"]')!.value = 'Europe/Paris';
    form.querySelector<HTMLInputElement>('input[name="to-5"]')!.value = '15:00';
    form.querySelector<HTMLInputElement>('input[name="capacity"]')!.value = '3';
    form.querySelector<HTMLTextAreaElement>('textarea[name="autoReply"]')!.value = '  Back at nine.  ';
    form.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(client.updateTeam).toHaveBeenCalledWith('t-1', {
      name: 'Billing',
      isDefault: true,
      autoAssign: true,
      capacity: 3,
      memberIds: ['a-1'],
      hours: { timeZone: 'Europe/Paris', ranges: [{ day: 1, open: '09:00', close: '17:00' }, { day: 5, open: '09:00', close: '15:00' }] },
      autoReply: 'Back at nine.',
    });
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="status"]')!.textContent).toContain('saved');
  });
});
