import { TestBed } from '@angular/core/testing';
import type { AgentWithPresence } from '@parley/protocol';
import type { AgentSession } from '../auth/session-store';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { AgentsPage } from './agents-page';

const admin: AgentWithPresence = { id: 'a-1', email: 'ann@example.test', name: 'Ann', role: 'admin', active: true, createdAt: '', status: 'online' };
const bob: AgentWithPresence = { id: 'a-2', email: 'bob@example.test', name: 'Bob', role: 'agent', active: true, createdAt: '', status: 'away' };
const session: AgentSession = { token: 't', user: { id: 'a-1', role: 'admin', name: 'Ann' }, agent: admin };

describe('AgentsPage', () => {
  let api: FakeAgentClient;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeAgentClient(session);
    api.listAgents.mockResolvedValue([admin, bob]);
    api.updateAgent.mockImplementation(async (_id, patch) => ({ ...bob, ...patch }));
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(api)] });
    startRealtime(session);
  });
  afterEach(() => vi.unstubAllGlobals());

  async function render() {
    const fixture = TestBed.createComponent(AgentsPage);
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect((fixture.nativeElement as HTMLElement).querySelectorAll('tbody tr')).toHaveLength(2);
    });
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  const roleSelect = (root: HTMLElement) => root.querySelector<HTMLSelectElement>('select[aria-label="Role of Bob"]')!;

  it('puts the real role back in the select when saving a new one fails', async () => {
    const { fixture, root } = await render();
    api.updateAgent.mockImplementationOnce(async () => {
      throw Object.assign(new Error('nope'), { code: 'forbidden' });
    });
    const select = roleSelect(root);
    select.value = 'admin';
    select.dispatchEvent(new Event('change'));
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('not allowed');
    });
    expect(select.value).toBe('agent');
  });

  it('deactivates only after a confirmation, with the same button (keeping focus) turning into Reactivate', async () => {
    const { fixture, root } = await render();
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const button = root.querySelector<HTMLButtonElement>('button[aria-label="Deactivate Bob"]')!;
    button.click();
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Deactivate Bob?'));
    expect(api.updateAgent).not.toHaveBeenCalled();

    confirm.mockReturnValue(true);
    button.focus();
    button.click();
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(button.textContent!.trim()).toBe('Reactivate');
    });
    expect(api.updateAgent).toHaveBeenCalledWith('a-2', { active: false });
    // The very same element, still focused.
    expect(root.querySelector('button[aria-label="Reactivate Bob"]')).toBe(button);
    expect(document.activeElement).toBe(button);
  });
});
