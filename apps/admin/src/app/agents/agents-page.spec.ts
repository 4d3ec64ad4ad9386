import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AgentWithPresence } from '@parley/protocol';
import { type AgentSession, SessionStore } from '../auth/session-store';
import { RealtimeService } from '../realtime/realtime';
import { AgentsPage } from './agents-page';

const admin: AgentWithPresence = { id: 'a-1', email: 'ann@example.test', name: 'Ann', role: 'admin', active: true, createdAt: '', status: 'online' };
const bob: AgentWithPresence = { id: 'a-2', email: 'bob@example.test', name: 'Bob', role: 'agent', active: true, createdAt: '', status: 'away' };
const session: AgentSession = { token: 't', user: { id: 'a-1', role: 'admin', name: 'Ann' }, agent: admin };

describe('AgentsPage', () => {
  let request: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    localStorage.clear();
    request = vi.fn(async (method: string, _path: string, body?: Partial<AgentWithPresence>) => {
      if (method === 'GET') return { agents: [admin, bob] };
      return { agent: { ...bob, ...body } };
    });
    TestBed.configureTestingModule({
      providers: [
        {
          provide: RealtimeService,
          useValue: { api: { request, listAgents: async () => [admin, bob] }, presence: signal({}), started: signal(true) },
        },
      ],
    });
    TestBed.inject(SessionStore).save(session);
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
    request.mockImplementationOnce(async () => {
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
    expect(request).not.toHaveBeenCalledWith('PATCH', expect.anything(), expect.anything());

    confirm.mockReturnValue(true);
    button.focus();
    button.click();
    await vi.waitFor(async () => {
      await fixture.whenStable();
      expect(button.textContent!.trim()).toBe('Reactivate');
    });
    expect(request).toHaveBeenCalledWith('PATCH', '/api/agents/a-2', { active: false });
    // The very same element, still focused.
    expect(root.querySelector('button[aria-label="Reactivate Bob"]')).toBe(button);
    expect(document.activeElement).toBe(button);
  });
});
