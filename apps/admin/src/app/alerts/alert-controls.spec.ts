import { TestBed } from '@angular/core/testing';
import { AlertControls } from './alert-controls';
import { AlertSettings } from './alert-settings';

describe('AlertControls', () => {
  class FakeNotification {
    static permission: NotificationPermission = 'default';
    static requestPermission = vi.fn(async (): Promise<NotificationPermission> => {
      FakeNotification.permission = 'granted';
      return 'granted';
    });
  }

  beforeEach(() => {
    localStorage.clear();
    FakeNotification.permission = 'default';
    FakeNotification.requestPermission.mockClear();
    vi.stubGlobal('Notification', FakeNotification);
  });
  afterEach(() => vi.unstubAllGlobals());

  async function render() {
    const fixture = TestBed.createComponent(AlertControls);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('offers "Enable notifications" while permission is undecided, and shows the switch on once granted', async () => {
    const { fixture, root } = await render();
    expect(root.querySelector('input[type="checkbox"]')?.parentElement?.textContent).not.toContain('Notify');
    const enable = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Enable notifications'))!;
    enable.click();
    await vi.waitFor(() => expect(TestBed.inject(AlertSettings).permission()).toBe('granted'));
    await fixture.whenStable();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    const notify = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('Notify'))!.querySelector('input')!;
    expect(notify.checked).toBe(true);
    expect(TestBed.inject(AlertSettings).notificationsOn()).toBe(true);
  });

  it('says so when the browser blocked notifications, with no switch pretending to be on', async () => {
    FakeNotification.permission = 'denied';
    const { root } = await render();
    expect(root.querySelector('[data-testid="notifications-blocked"]')?.textContent).toContain('blocked');
    expect([...root.querySelectorAll('label')].some((l) => l.textContent?.includes('Notify'))).toBe(false);
    expect(TestBed.inject(AlertSettings).notificationsOn()).toBe(false);
  });

  it('remembers the switches across reloads', async () => {
    FakeNotification.permission = 'granted';
    const { fixture, root } = await render();
    const sound = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('Sound'))!.querySelector('input')!;
    sound.click();
    await fixture.whenStable();
    TestBed.tick();
    expect(JSON.parse(localStorage.getItem('parley-admin:alerts')!)).toMatchObject({ sound: false, notify: true, replies: true });
  });
});
