import { TestBed } from '@angular/core/testing';
import type { Agent } from '@parley/protocol';
import type { AgentSession } from '../auth/session-store';
import { SessionStore } from '../auth/session-store';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { ProfilePage } from './profile-page';

const agent: Agent = { id: 'me', email: 'me@example.test', name: 'Me', role: 'agent', active: true, createdAt: '' };
const me: AgentSession = { token: 't', user: { id: 'me', role: 'agent', name: 'Me' }, agent };

describe('ProfilePage', () => {
  let api: FakeAgentClient;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeAgentClient(me);
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(api)] });
    startRealtime(me);
  });

  async function render() {
    const fixture = TestBed.createComponent(ProfilePage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const form = (label: string) => el.querySelector<HTMLFormElement>(`form[aria-label="${label}"]`)!;
    const fill = (f: HTMLFormElement, name: string, value: string) => (f.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.value = value);
    const submit = async (f: HTMLFormElement) => {
      f.dispatchEvent(new Event('submit', { cancelable: true }));
      await fixture.whenStable();
    };
    return { el, form, fill, submit };
  }

  it('renames the agent, and the session (header, next reload) shows the new name', async () => {
    api.updateProfile.mockResolvedValue({ ...agent, name: 'Maya' });
    const { el, form, fill, submit } = await render();
    fill(form('Your name'), 'name', '  Maya ');
    await submit(form('Your name'));
    expect(api.updateProfile).toHaveBeenCalledWith({ name: 'Maya' });
    expect(TestBed.inject(SessionStore).agent()?.name).toBe('Maya');
    expect(el.querySelector('[role="status"]')!.textContent).toContain('Your name is saved.');
  });

  it('changes the password with the current one; refuses two different new ones; says when the current one is wrong', async () => {
    const { el, form, fill, submit } = await render();
    const f = form('Your password');
    fill(f, 'currentPassword', 'old-password');
    fill(f, 'password', 'new-password-1');
    fill(f, 'confirm', 'new-password-2');
    await submit(f);
    expect(api.updateProfile).not.toHaveBeenCalled();
    expect(el.querySelector('[role="alert"]')!.textContent).toContain('The two new passwords differ.');

    api.updateProfile.mockRejectedValueOnce(Object.assign(new Error('your current password is not right'), { code: 'invalid_credentials' }));
    fill(f, 'confirm', 'new-password-1');
    await submit(f);
    expect(api.updateProfile).toHaveBeenCalledWith({ password: 'new-password-1', currentPassword: 'old-password' });
    expect(el.querySelector('[role="alert"]')!.textContent).toContain('Your current password is not right.');

    api.updateProfile.mockResolvedValueOnce(agent);
    await submit(f);
    expect(el.querySelector('[role="status"]')!.textContent).toContain('Every other browser and device you used is signed out.');
  });
});
