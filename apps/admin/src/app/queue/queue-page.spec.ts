import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Team } from '@parley/protocol';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { QueuePage } from './queue-page';
import { QueueViewState } from './queue-view-state';

const team = (id: string, name: string): Team => ({
  id, name, isDefault: false, autoAssign: false, capacity: 5, memberIds: [], hours: null, autoReply: null, createdAt: '',
});

describe('QueuePage team filter', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    client = new FakeAgentClient();
    client.listTeams.mockResolvedValue([team('t-1', 'Billing')]);
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client), provideRouter([])] });
    startRealtime();
  });

  const options = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="team-filter"] option')].map((o) => o.textContent!.trim());

  it('follows the teams live: one an admin adds elsewhere appears, one deleted goes, and no teams hides the filter', async () => {
    const fixture = TestBed.createComponent(QueuePage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(client.loadTeams).toHaveBeenCalledTimes(1);
    expect(options(root)).toEqual(['All teams', 'Billing']);

    // teams:changed, as the SDK applies it.
    client.teams.set([team('t-1', 'Billing'), team('t-2', 'Sales')]);
    await fixture.whenStable();
    expect(options(root)).toEqual(['All teams', 'Billing', 'Sales']);

    client.teams.set([]);
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="team-filter"]')).toBeNull();
  });

  it('shows every team again when the team it was narrowed to is deleted', async () => {
    const fixture = TestBed.createComponent(QueuePage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const select = root.querySelector<HTMLSelectElement>('[data-testid="team-filter"]')!;
    select.value = 't-1';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();

    const view = TestBed.inject(QueueViewState);
    expect(view.team()).toBe('t-1');

    client.teams.set([team('t-2', 'Sales')]);
    await fixture.whenStable();
    expect(view.team()).toBe('');
  });
});
