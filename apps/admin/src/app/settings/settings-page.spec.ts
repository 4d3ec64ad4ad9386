import { TestBed } from '@angular/core/testing';
import { FakeAgentClient, provideFakeAgentClient, startRealtime } from '../testing/fake-agent-client';
import { SettingsPage } from './settings-page';

describe('SettingsPage', () => {
  let client: FakeAgentClient;

  beforeEach(() => {
    client = new FakeAgentClient();
    TestBed.configureTestingModule({ providers: [provideFakeAgentClient(client)] });
    startRealtime();
  });

  it('shows the current settings and saves a switch at once, saying so', async () => {
    const fixture = TestBed.createComponent(SettingsPage);
    await fixture.whenStable();
    const box = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('[data-testid="setting-reply-assigns"]')!;
    expect(box.checked).toBe(true);
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(client.updateSettings).toHaveBeenCalledWith({ replyAssigns: false });
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="status"]')!.textContent).toContain('Saved');
    expect(box.checked).toBe(false);
  });

  it('says why a change was refused', async () => {
    client.updateSettings.mockRejectedValueOnce(Object.assign(new Error('only admins'), { code: 'forbidden' }));
    const fixture = TestBed.createComponent(SettingsPage);
    await fixture.whenStable();
    const box = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('[data-testid="setting-reply-assigns"]')!;
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')).not.toBeNull();
    expect(box.checked).toBe(true);
  });
});
